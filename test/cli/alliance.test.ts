import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { visaKiosk } from '../fixtures/cli';
import { smallFeed } from '../fixtures/feeds';
import { useJoinedKiosk } from '../fixtures/joined-kiosk';
import { RegistryStub } from '../fixtures/registry-stub';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();
const { setUp, base, registries } = useJoinedKiosk(tempDir);

const CSV_HEADER = 'id,space,name,email,status,validUntil,credentials';

describe('visa-kiosk alliance', () => {
  it("joins, publishes the space's CSV roster, and installs it here at once, by delta", async () => {
    const { stub, dir, run } = await setUp();
    const csv = path.join(dir, 'members.csv');
    fs.writeFileSync(
      csv,
      [CSV_HEADER, 'hw-1,harbour,Inês Carvalho,,active,,barcode:HW-1', 'hw-2,harbour,Rui Costa,,active,,rfid.decimal:0004340757'].join('\n'),
    );
    const published = await run('alliance', 'publish', csv, '--json');
    expect(published.code).toBe(0);
    expect(JSON.parse(published.stdout)).toEqual({ added: 1, changed: 1, removed: 0, sequence: 2 });
    expect(stub.docs.latest!.feed.members.find((m) => m.id === 'hw-2')!.credentials).toEqual([{ kind: 'rfid', form: 'decimal', value: '0004340757' }]);

    const status = JSON.parse((await run('visa', 'status', '--json')).stdout);
    expect(status).toMatchObject({ sequence: 2, lastSync: { mode: 'delta' } });
    const tap = await run('checkin', '0004340757', '--form', 'decimal', '--dry-run', '--json');
    expect(JSON.parse(tap.stdout)).toMatchObject({ decision: 'admitted', member: { id: 'hw-2' } });
  });

  it("publishes a feed-shaped JSON's members and says its spaces were not sent, rather than drop them in silence", async () => {
    const { stub, dir, run } = await setUp();
    const file = path.join(dir, 'feed.json');
    const harbour = base.spaces.find((s) => s.id === 'harbour')!;
    fs.writeFileSync(
      file,
      JSON.stringify({
        format: base.format,
        sequence: 9,
        generatedAt: '2026-12-01T09:00:00Z',
        spaces: [{ ...harbour, visa: { ...harbour.visa, freeDaysPerMonth: 30 } }],
        members: [{ id: 'hw-3', name: 'Ana Lima', status: 'active', credentials: [{ kind: 'barcode', value: 'HW-3' }] }],
      }),
    );
    const published = await run('alliance', 'publish', file, '--json');
    expect(published.code).toBe(0);
    expect(published.stderr).toBe(
      'visa-kiosk alliance publish: note: only the file\'s "members" are sent; its "spaces" is not (a space\'s terms are set with `alliance terms set`)\n',
    );
    expect(JSON.parse(published.stdout)).toMatchObject({ added: 1, sequence: 2 });
    expect(stub.docs.latest!.feed.spaces.find((s) => s.id === 'harbour')!.visa.freeDaysPerMonth).toBe(harbour.visa.freeDaysPerMonth);
  });

  it('refuses a list imported by hand on a joined kiosk, saying where its list comes from, and changes nothing', async () => {
    const { stub, dir, run } = await setUp();
    const status = async () => {
      const { ageSeconds: _age, ...rest } = JSON.parse((await run('visa', 'status', '--json')).stdout);
      return rest;
    };
    const before = await status();
    const csv = path.join(dir, 'other.csv');
    fs.writeFileSync(csv, [CSV_HEADER, 'x-1,harbour,Fake Person,,active,,barcode:FAKE-1'].join('\n'));
    const feed = path.join(dir, 'feed.json');
    fs.writeFileSync(feed, JSON.stringify(smallFeed({ sequence: 99 })));
    for (const file of [csv, feed]) {
      expect(await run('visa', 'import', file)).toMatchObject({
        code: 1,
        stderr: `visa-kiosk visa import: this kiosk takes its visa list from the alliance registry at ${stub.url}: \`visa sync\` brings it; your space's members are changed there, with \`alliance publish FILE\` or the manager console's Alliance page\n`,
      });
    }
    expect(await status()).toEqual(before);
    expect(JSON.parse((await run('checkin', 'FAKE-1', '--dry-run', '--json')).stdout)).toMatchObject({ decision: 'denied', reason: 'unknown_credential' });
  });

  it('says so when its own list could not take the change yet, and still reports the change published', async () => {
    const { stub, run } = await setUp();
    const human = await run('alliance', 'member', 'add', 'hw-7', '--name', 'Rita Sousa', '--credential', 'barcode:HW-7');
    expect(human).toMatchObject({ code: 0, stderr: '' });
    expect(human.stdout).toBe("added hw-7: sequence 2\nthis kiosk's list is now sequence 2 (7 members)\n");
    stub.listDown = true;
    const added = await run('alliance', 'member', 'add', 'hw-8', '--name', 'Tiago Reis', '--json');
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toEqual({ id: 'hw-8', sequence: 3 });
    expect(added.stderr).toMatch(
      /^visa-kiosk alliance member: note: published, but this kiosk's own list is not updated yet \(.+\); its next sync brings it\n$/,
    );
    expect(JSON.parse((await run('visa', 'status', '--json')).stdout)).toMatchObject({ sequence: 2 });
    stub.listDown = false;
    expect((await run('visa', 'sync')).code).toBe(0);
    expect(JSON.parse((await run('visa', 'status', '--json')).stdout)).toMatchObject({ sequence: 3 });
  });

  it('refuses a roster with bad rows or another space’s members, naming the rows, and sends nothing', async () => {
    const { stub, dir, run } = await setUp();
    const csv = path.join(dir, 'members.csv');
    fs.writeFileSync(csv, [CSV_HEADER, 'hw-1,harbour,Inês,,active,,', 'cc-9,cedar,Someone,,active,,', 'hw-3,harbour,,,gone,,'].join('\n'));
    stub.requests.length = 0;
    const refused = await run('alliance', 'publish', csv);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('row 3, space: "cedar" is not this kiosk\'s space "harbour": a space publishes only its own members');
    expect(refused.stderr).toContain('row 4, name: must not be empty');
    expect(stub.requests).toEqual([]);
  });

  it('adds, changes and removes one member, sets terms and makes a token; another space’s member is refused in the registry’s words', async () => {
    const { stub, run } = await setUp();
    const added = await run(
      'alliance',
      'member',
      'add',
      'hw-5',
      '--name',
      'Ana Lima',
      '--credential',
      'barcode:HW-5',
      '--credential',
      'rfid:04:a1:b2:c3',
      '--json',
    );
    expect(added.stderr).toBe('');
    expect(JSON.parse(added.stdout)).toEqual({ id: 'hw-5', sequence: 2 });
    expect(stub.docs.latest!.feed.members.find((m) => m.id === 'hw-5')).toMatchObject({
      name: 'Ana Lima',
      status: 'active',
      credentials: [
        { kind: 'barcode', value: 'HW-5' },
        { kind: 'rfid', value: '04A1B2C3' },
      ],
    });
    expect(JSON.parse((await run('alliance', 'member', 'update', 'hw-5', '--status', 'suspended', '--json')).stdout)).toEqual({ id: 'hw-5', sequence: 3 });
    expect(JSON.parse((await run('alliance', 'member', 'remove', 'hw-5', '--json')).stdout)).toEqual({ id: 'hw-5', sequence: 4 });
    const terms = await run('alliance', 'terms', 'set', '--free-days', '5', '--day-pass-price', '12.50', '--currency', 'EUR', '--json');
    expect(JSON.parse(terms.stdout)).toMatchObject({ sequence: 5 });
    expect(stub.docs.latest!.feed.spaces.find((s) => s.id === 'harbour')).toMatchObject({
      visa: { freeDaysPerMonth: 5, accepts: true },
      dayPass: { price: '12.50', currency: 'EUR' },
    });
    const token = JSON.parse((await run('alliance', 'token', 'create', '--json')).stdout);
    expect(token.token).toMatch(/^vkt_/);

    const foreign = await run('alliance', 'member', 'remove', 'cc-1');
    expect(foreign).toMatchObject({
      code: 1,
      stderr: 'visa-kiosk alliance member: member cc-1 belongs to space cedar: space harbour can change only its own members and terms\n',
    });
    const usage = await run('alliance', 'member', 'add', 'hw-6', '--credential', 'nfc:1');
    expect(usage.code).toBe(2);
  });

  it('says in one sentence that a kiosk which has not joined cannot publish', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    expect((await visaKiosk(['config', 'set', 'kiosk.idleSeconds', '60', '--db', db])).code).toBe(0);
    const result = await visaKiosk(['alliance', 'terms', 'set', '--accepts', 'false', '--db', db]);
    expect(result).toMatchObject({
      code: 1,
      stderr: 'visa-kiosk alliance terms: this kiosk has not joined an alliance registry: run `visa-kiosk alliance join URL CODE` first\n',
    });
  });

  it.each([
    [['passes'], 'visa-kiosk alliance passes: --out is required: the file to write the pass links to'],
    [['terms', 'set', '--notice-hours', 'abc'], 'visa-kiosk alliance terms: --notice-hours takes a whole number of hours from 0 to 744'],
    [['terms', 'set', '--notice-hours', '1.5'], 'visa-kiosk alliance terms: --notice-hours takes a whole number of hours from 0 to 744'],
    [['terms', 'set', '--notice-hours', '-3'], 'visa-kiosk alliance terms: --notice-hours takes a whole number of hours from 0 to 744'],
    [['terms', 'set', '--free-days', '99999'], 'visa-kiosk alliance terms: --free-days takes a whole number of visa days a month from 0 to 31'],
    [
      ['terms', 'set', '--notes', '-x'],
      'visa-kiosk alliance terms: --notes needs a value: a text of at most 2000 characters, written --notes=VALUE when it begins with "-"',
    ],
    [['member', 'update', 'hw-1', '--status', 'gone'], 'visa-kiosk alliance member: --status takes one of active, suspended, expired'],
  ])('refuses %j in one sentence naming the option and what it takes, then the usage', async (args, message) => {
    const db = path.join(tempDir(), 'kiosk.db');
    const result = await visaKiosk(['alliance', ...args, '--db', db]);
    expect(result.code).toBe(2);
    const [sentence, usage, ...more] = result.stderr.split('\n');
    expect(sentence).toBe(message);
    expect(usage).toMatch(/^usage: visa-kiosk alliance /);
    expect(more).toEqual(['']);
  });

  it.each([
    ['publish', 'members.csv'],
    ['member', 'remove', 'hw-1'],
    ['terms', 'set', '--accepts', 'false'],
    ['token', 'create'],
    ['passes', '--out', 'links.csv'],
  ])('alliance %s refuses a --db that does not exist in one sentence, and makes nothing', async (...args) => {
    const dir = tempDir();
    const db = path.join(dir, 'tmpx', 'k.db');
    const result = await visaKiosk(['alliance', ...args, '--db', db]);
    expect(result).toMatchObject({
      code: 1,
      stderr: `visa-kiosk alliance ${args[0]}: there is no database at ${db}: start the kiosk once, or give --db PATH\n`,
    });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a join that fails on a new --db takes away the kiosk it made, and leaves what was there', async () => {
    const stub = new RegistryStub(base);
    await stub.start();
    registries.push(stub);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const cut = await visaKiosk(['alliance', 'join', stub.url, 'vkc1.cedar.kRhQRVwOKe2XiWZ8', '--db', path.join(dir, 'k.db')]);
    expect(cut).toMatchObject({ code: 1, stderr: 'visa-kiosk alliance join: the enrolment code is cut short or mistyped: copy the whole code\n' });
    const spent = stub.code('harbour');
    expect((await visaKiosk(['alliance', 'join', stub.url, spent, '--db', path.join(dir, 'first', 'k.db')])).code).toBe(0);
    const again = await visaKiosk(['alliance', 'join', stub.url, spent, '--db', path.join(dir, 'tmpx', 'deeper', 'k.db')]);
    expect(again.code).toBe(1);
    expect(fs.readdirSync(dir).sort()).toEqual(['first', 'notes.txt']);
  });

  it('refuses to move a kiosk of one space to another unless --switch-space is given, spending no code', async () => {
    const { stub, run } = await setUp();
    const cedar = stub.code('cedar');
    const refused = await run('alliance', 'join', stub.url, cedar);
    expect(refused).toMatchObject({
      code: 1,
      stderr:
        'visa-kiosk alliance join: this kiosk is joined to space harbour and the code is for space cedar: to move the kiosk to cedar, join again with --switch-space\n',
    });
    expect((await run('config', 'get', 'space.id')).stdout).toBe('harbour\n');
    const moved = await run('alliance', 'join', stub.url, cedar, '--switch-space', '--json');
    expect(moved).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(moved.stdout)).toMatchObject({ spaceId: 'cedar', left: { kioskId: 'k-1', retired: true } });
    expect([...stub.retired]).toEqual(['k-1']);
    expect((await run('config', 'get', 'space.id')).stdout).toBe('cedar\n');
  });
});

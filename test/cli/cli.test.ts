import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { visaKiosk } from '../fixtures/cli';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useMadeOnce, useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();

/** A database with the small test list installed and the kiosk at Harbour Works (made once, copied for each test). */
const installed = useMadeOnce(async (dir) => {
  fs.writeFileSync(path.join(dir, 'list.json'), feedBytes(smallFeed()));
  const kiosk = (...args: string[]) => visaKiosk(['--db', path.join(dir, 'k.db'), ...args]);
  expect((await kiosk('visa', 'import', path.join(dir, 'list.json'))).code).toBe(0);
  expect((await kiosk('config', 'set', 'space.id', 'harbour')).code).toBe(0);
});

async function setUp() {
  const { dir } = await installed();
  const db = path.join(dir, 'k.db');
  const kiosk = (...args: string[]) => visaKiosk(['--db', db, ...args]);
  return { dir, db, feed: path.join(dir, 'list.json'), kiosk };
}

const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

describe('visa-kiosk on the command line', () => {
  it('checkin --json gives the documented fields', async () => {
    const { kiosk } = await setUp();
    const run = await kiosk('checkin', 'CC-1', '--json', '--at', '2026-11-21T10:00:00Z');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(json(run.stdout)).toMatchObject({
      decision: 'admitted',
      kind: 'visa',
      reason: 'visa',
      repeat: false,
      member: { id: 'cc-1', name: 'Ada Lovelace', space: 'cedar' },
      visitId: 1,
      visaDaysUsed: 1,
      visaDaysAllowed: 3,
    });
  });

  it('prints a readable decision without --json', async () => {
    const { kiosk } = await setUp();
    const run = await kiosk('checkin', '0f:00:a1:b2:c3', '--kind', 'rfid', '--at=2026-11-21T10:00:00Z');
    expect(run.stdout).toMatch(/^ADMITTED\s+Ada Lovelace \(Cedar Commons\): Coworking Visa visitor, visa day 1 of 3 this month\nvisit #1 on 2026-11-21\n$/);
  });

  it('a denied check-in is a decision, not a failure: exit 0', async () => {
    const { kiosk } = await setUp();
    const run = await kiosk('checkin', 'NOBODY', '--json');
    expect(run.code).toBe(0);
    expect(json(run.stdout)).toMatchObject({ decision: 'denied', reason: 'unknown_credential', credential: { value: 'NOBODY' }, member: null });
  });

  it('--dry-run decides without logging', async () => {
    const { kiosk, db } = await setUp();
    expect(json((await kiosk('checkin', 'CC-1', '--dry-run', '--json')).stdout)).toMatchObject({ decision: 'admitted', visitId: null });
    const conn = new Database(db, { readonly: true });
    expect(conn.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 0 });
    conn.close();
  });

  it('takes the database from VISA_KIOSK_DB when --db is absent', async () => {
    const { db } = await setUp();
    const run = await visaKiosk(['visa', 'status', '--json'], { env: { VISA_KIOSK_DB: db } });
    expect(json(run.stdout)).toMatchObject({ sequence: 10, spaces: 4, members: 6, credentials: 8, lastError: null });
    expect(Object.keys(json(run.stdout))).toEqual(expect.arrayContaining(['lastSyncAt', 'ageSeconds']));
  });

  it('accepts --name=VALUE, so a value may begin with "-"', async () => {
    const { kiosk } = await setUp();
    const run = await kiosk('daypass', '--name=-Dash Guest-', '--email=dash@example.org', '--json');
    expect(run.code).toBe(0);
    expect(json(run.stdout)).toMatchObject({ name: '-Dash Guest-', price: '15.00', currency: 'EUR' });
  });

  it('registers an expected visit', async () => {
    const { kiosk } = await setUp();
    // A month ahead: a day more than a year ahead is refused as a mistyped year.
    const date = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const run = await kiosk('expect', 'cc-1', '--date', date);
    expect(run).toMatchObject({ code: 0, stdout: `cc-1 is expected on ${date}\n` });
    expect(await kiosk('expect', 'cc-1', '--date', '2099-01-05')).toMatchObject({
      code: 1,
      stderr: 'visa-kiosk expect: 2099-01-05 is more than a year ahead: check the year\n',
    });
  });

  it('config get, set and list', async () => {
    const { kiosk } = await setUp();
    expect((await kiosk('config', 'set', 'kiosk.idleSeconds', '30')).stdout).toBe('kiosk.idleSeconds = 30\n');
    expect((await kiosk('config', 'get', 'kiosk.idleSeconds')).stdout).toBe('30\n');
    expect(json((await kiosk('config', 'list', '--json')).stdout)).toMatchObject({ 'space.id': 'harbour', 'kiosk.idleSeconds': 30 });
    const readers = '[{"id":"front","type":"serial","path":"/dev/ttyUSB0","protocol":"em4100"}]';
    expect((await kiosk('config', 'set', 'readers', readers)).code).toBe(0);
    expect((await kiosk('config', 'list')).stdout).toMatch(/^readers = \[\{"id":"front","type":"serial","path":"\/dev\/ttyUSB0".*# /m);
  });

  it('config unset puts a setting back to its default, and the audit says what it was and became', async () => {
    const { db, kiosk } = await setUp();
    expect((await kiosk('config', 'set', 'printer.name', 'Brother_QL')).code).toBe(0);
    expect(await kiosk('config', 'unset', 'printer.name')).toMatchObject({ code: 0, stdout: 'printer.name = (not set)\n', stderr: '' });
    expect(await kiosk('config', 'get', 'printer.name')).toMatchObject({ code: 0, stdout: '\n' });
    expect((await kiosk('config', 'set', 'kiosk.idleSeconds', '30')).code).toBe(0);
    expect((await kiosk('config', 'unset', 'kiosk.idleSeconds')).stdout).toBe('kiosk.idleSeconds = 20\n');
    expect((await kiosk('config', 'get', 'kiosk.idleSeconds')).stdout).toBe('20\n');
    expect((await kiosk('config', 'unset', 'kiosk.idleSeconds')).code).toBe(0);

    const conn = new Database(db, { readonly: true });
    const changes = (conn.prepare("SELECT detail FROM audit WHERE action = 'setting' ORDER BY id").pluck().all() as string[]).map(
      (d) => JSON.parse(d) as unknown,
    );
    conn.close();
    expect(changes).toEqual([
      { key: 'space.id', before: null, after: 'harbour' },
      { key: 'printer.name', before: null, after: 'Brother_QL' },
      { key: 'printer.name', before: 'Brother_QL', after: null },
      { key: 'kiosk.idleSeconds', before: 20, after: 30 },
      { key: 'kiosk.idleSeconds', before: 30, after: 20 },
    ]);
  });

  it('adds staff with the PIN from standard input, never echoed', async () => {
    const { db } = await setUp();
    const run = await visaKiosk(['--db', db, 'staff', 'add', '--name', 'Rita Front', '--role', 'manager', '--json'], { input: '482193\n' });
    expect(run.code).toBe(0);
    expect(json(run.stdout)).toEqual({ id: 1, name: 'Rita Front', role: 'manager' });
    expect(run.stdout + run.stderr).not.toContain('482193');
    const bad = await visaKiosk(['--db', db, 'staff', 'add', '--name', 'Tom', '--role', 'staff'], { input: '12\n' });
    expect(bad).toMatchObject({ code: 1, stderr: 'visa-kiosk staff add: pin: must be 4 to 12 digits\n' });
  });

  it('installs a feed with a bad record, and says which record it skipped and why', async () => {
    const { dir, kiosk } = await setUp();
    const feed = smallFeed({ sequence: 11 });
    feed.members[1] = { ...feed.members[1]!, space: 'atlantis' };
    fs.writeFileSync(path.join(dir, 'partial.json'), feedBytes(feed));
    const run = await kiosk('visa', 'import', path.join(dir, 'partial.json'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('members      5\n');
    expect(run.stdout).toContain('skipped 1 record:\n  members[1] (cc-1).space: "atlantis" is not one of the feed\'s spaces\n');
  });

  it('verifies a signed feed with the .sig beside it and --public-key', async () => {
    const { dir, kiosk } = await setUp();
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const keyFile = path.join(dir, 'alliance.pem');
    fs.writeFileSync(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
    const feed = path.join(dir, 'signed.json');
    fs.writeFileSync(feed, feedBytes(smallFeed({ sequence: 20 })));
    fs.writeFileSync(`${feed}.sig`, crypto.sign(null, fs.readFileSync(feed), privateKey).toString('base64'));
    const ok = await kiosk('visa', 'import', feed, '--public-key', keyFile, '--json');
    expect(ok.code).toBe(0);
    expect(json(ok.stdout)).toMatchObject({ sequence: 20, signed: true });

    fs.appendFileSync(feed, ' ');
    const tampered = await kiosk('visa', 'import', feed, '--public-key', keyFile);
    expect(tampered).toMatchObject({ code: 1, stdout: '' });
    expect(tampered.stderr).toMatch(/^visa-kiosk visa import: the feed signature does not match: .*\n$/);
  });

  describe('exit 1 with one line on stderr when refused', () => {
    it.each([
      [['visa', 'import', 'missing.json'], /^visa-kiosk visa import: cannot read missing.json: no such file\n$/],
      [['config', 'get', 'nope'], /^visa-kiosk config get: unknown setting "nope"; the settings are: .*\n$/],
      [['config', 'unset', 'printer.nam'], /^visa-kiosk config unset: unknown setting "printer.nam"; the settings are: .*\n$/],
      [['config', 'set', 'space.id', 'atlantis'], /^visa-kiosk config set: space "atlantis" is not in the installed visa list\n$/],
      [['checkin', 'XYZ', '--kind', 'rfid'], /^visa-kiosk checkin: "XYZ" is not a hexadecimal UID\n$/],
      [['expect', 'nobody', '--date', '2099-01-01'], /^visa-kiosk expect: no member "nobody" in the visa list\n$/],
      [
        ['expect', 'hw-1', '--date', '2099-01-01'],
        /^visa-kiosk expect: hw-1 is a member of Harbour Works, this space: members need no announced visit here\n$/,
      ],
    ])('%j', async (args, stderr) => {
      const { kiosk } = await setUp();
      const run = await kiosk(...args);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(stderr);
    });

    it('a feed cut off half-way changes nothing', async () => {
      const { dir, kiosk } = await setUp();
      const text = feedBytes(smallFeed({ sequence: 11 }));
      fs.writeFileSync(path.join(dir, 'cut.json'), text.slice(0, 300));
      const run = await kiosk('visa', 'import', path.join(dir, 'cut.json'));
      expect(run).toMatchObject({ code: 1, stderr: 'visa-kiosk visa import: the feed was refused: it is cut off (truncated) at byte 300\n' });
      const status = json((await kiosk('visa', 'status', '--json')).stdout);
      expect(status).toMatchObject({ sequence: 10, members: 6, lastError: 'the feed was refused: it is cut off (truncated) at byte 300' });
    });

    it('a file that is not a database', async () => {
      const file = path.join(tempDir(), 'photo.db');
      fs.writeFileSync(file, Buffer.alloc(4096, 7));
      const run = await visaKiosk(['--db', file, 'visa', 'status']);
      expect(run).toMatchObject({ code: 1, stderr: `visa-kiosk visa status: ${file} is not a Visa Kiosk database (it is not an SQLite file)\n` });
    });
  });

  it('--help of a group lists only its commands; a command says how its PIN is read once', async () => {
    const alliance = await visaKiosk(['alliance', '--help']);
    expect(alliance.code).toBe(0);
    const lines = alliance.stdout.trim().split('\n');
    expect(lines[0]).toBe('usage: visa-kiosk alliance COMMAND [options]   (every command takes --db PATH and --json)');
    expect(lines.slice(2).map((line) => line.trim().split(' ').slice(0, 2).join(' '))).toEqual([
      'alliance join',
      'alliance publish',
      'alliance member',
      'alliance terms',
      'alliance token',
      'alliance passes',
    ]);
    expect((await visaKiosk(['alliance'])).code).toBe(2);
    const staff = await visaKiosk(['staff', 'add', '--help']);
    expect(staff.stdout.match(/standard input/g)).toHaveLength(1);
  });

  describe('exit 2 on bad usage, with the usage line', () => {
    it.each([
      [['frobnicate'], 'visa-kiosk: unknown command "frobnicate"; see visa-kiosk --help\n'],
      [['constructor'], 'visa-kiosk: unknown command "constructor"; see visa-kiosk --help\n'],
      [['toString'], 'visa-kiosk: unknown command "toString"; see visa-kiosk --help\n'],
      [['checkin'], 'visa-kiosk checkin: expected one credential, got 0\n'],
      [['checkin', 'CC-1', '--kind', 'nfc'], 'visa-kiosk checkin: --kind takes rfid or barcode\n'],
      [['checkin', 'CC-1', '--at', 'yesterday'], 'visa-kiosk checkin: --at takes an ISO 8601 time with a timezone, e.g. 2026-11-21T09:00:00Z\n'],
      [['checkin', 'CC-1', '--colour', 'red'], 'visa-kiosk checkin: --colour is not an option of this command\n'],
      [['checkin', 'CC-1', '--kind'], 'visa-kiosk checkin: --kind needs a value: rfid or barcode\n'],
      [['checkin', 'CC-1', '--dry-run=yes'], 'visa-kiosk checkin: --dry-run takes no value\n'],
      [['expect', 'cc-1', '--date', '2026-11-31x'], 'visa-kiosk expect: --date takes the day of the visit, written YYYY-MM-DD\n'],
      [['daypass'], "visa-kiosk daypass: --name is required: the guest's name\n"],
      [['staff', 'add', '--name', 'X', '--role', 'owner'], 'visa-kiosk staff add: --role takes staff or manager\n'],
      [['serve', '--port', '-1'], 'visa-kiosk serve: --port takes a port number from 0 to 65535\n'],
      [['export', '--from', '2026-12-01', '--to', '2026-11-01'], 'visa-kiosk export: --from must not be after the last day asked for, 2026-11-01\n'],
    ])('%j', async (args, message) => {
      const { kiosk } = await setUp();
      const run = await kiosk(...args);
      expect(run.code).toBe(2);
      // The refusal's one sentence, then the usage line.
      expect(run.stderr.split(/(?<=\n)/)[0]).toBe(message);
      expect(run.stdout).toBe('');
    });
  });

  it('two commands at once against one database both land, and lose nothing', async () => {
    const { kiosk, db } = await setUp();
    const credentials = ['HW-1', 'CC-1', 'CC-2', 'CC-3', 'KL-1', 'SW-1', 'NOBODY-1', 'NOBODY-2'];
    const runs = await Promise.all([...credentials, 'CC-1', 'HW-1'].map((c) => kiosk('checkin', c, '--json', '--at', '2026-11-21T10:00:00Z')));
    expect(runs.map((r) => r.code)).toEqual(runs.map(() => 0));
    const conn = new Database(db, { readonly: true });
    // Eight distinct people, each logged once: the two second taps were repeats, not new visits.
    expect(conn.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 8 });
    expect(conn.prepare("SELECT count(*) AS n FROM visits WHERE member_id = 'cc-1'").get()).toEqual({ n: 1 });
    conn.close();
    expect(runs.filter((r) => json(r.stdout).repeat === true)).toHaveLength(2);
  });
});

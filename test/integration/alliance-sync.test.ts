import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Feed } from '../../core/feed';
import { syncState } from '../../db/sync-state';
import { Kiosk } from '../../service/kiosk';
import { smallFeed } from '../fixtures/feeds';
import { AllianceDocuments, envelope, keyPair } from '../fixtures/registry-documents';
import { RegistryStub } from '../fixtures/registry-stub';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';

const tempDir = useTempDir();
const opened: Kiosk[] = [];
const registries: RegistryStub[] = [];
afterEach(async () => {
  for (const k of opened.splice(0)) await k.close();
  for (const r of registries.splice(0)) await r.stop();
});

type Roster = Omit<Feed, 'sequence' | 'generatedAt'>;
const { sequence: _s, generatedAt: _g, ...base } = smallFeed();

async function registry(): Promise<RegistryStub> {
  const stub = new RegistryStub(base);
  await stub.start();
  registries.push(stub);
  return stub;
}

function kiosk(options: Parameters<typeof Kiosk.open>[1] = {}): Kiosk {
  const k = Kiosk.open(path.join(tempDir(), 'kiosk.db'), { registry: { stallTimeoutMs: 2000 }, ...options });
  opened.push(k);
  return k;
}

async function joined(stub: RegistryStub, options: Parameters<typeof Kiosk.open>[1] = {}) {
  const k = kiosk(options);
  const result = await k.alliance.join(stub.url, stub.code('harbour'));
  expect(result.syncError).toBeNull();
  return k;
}

const BADGES = ['HW-1', 'CC-1', 'CC-2', 'CC-3', 'SW-1', 'KL-1', 'NEW-7', '0F00A1B2C3', '1000A1B200'];
const decisions = (k: Kiosk) => BADGES.map((credential) => [credential, k.desk.checkin({ credential }, { dryRun: true }).reason]);

/** Everything a decision can depend on, row by row (positions are only for messages). */
function listRows(k: Kiosk) {
  k.visaList.refresh();
  const all = (sql: string) => k.db.prepare(sql).all();
  return {
    info: all('SELECT sequence, generated_at, spaces, members, credentials FROM list.list_info'),
    spaces: all('SELECT * FROM list.spaces ORDER BY id'),
    members: all('SELECT id, space_id, name, email, status, valid_until FROM list.members ORDER BY id'),
    credentials: all('SELECT kind, value, member_id, bits, low32, low24, folded FROM list.credentials ORDER BY kind, value'),
  };
}

/** The list a kiosk gets by importing the latest full feed itself, for comparison. */
async function importedFresh(stub: RegistryStub) {
  const k = kiosk();
  await k.visaList.importFeed({ feed: stub.docs.latest!.feedText });
  k.settings.set({ key: 'space.id', value: 'harbour' });
  return k;
}

const someChanges = (f: Roster): Roster => ({
  ...f,
  spaces: f.spaces.map((s) => (s.id === 'cedar' ? { ...s, visa: { ...s.visa, freeDaysPerMonth: 5 } } : s)),
  members: [
    // cc-1 leaves; cc-2 gives its barcode to a new member in the same publication; cc-3 is renewed.
    ...f.members.filter((m) => m.id !== 'cc-1' && m.id !== 'cc-2' && m.id !== 'cc-3'),
    { ...f.members.find((m) => m.id === 'cc-2')!, credentials: [] },
    { ...f.members.find((m) => m.id === 'cc-3')!, validUntil: '2099-01-31' },
    {
      id: 'cc-7',
      space: 'cedar',
      name: 'Barbara Liskov',
      email: '',
      status: 'active',
      validUntil: null,
      credentials: [
        { kind: 'barcode', value: 'CC-2' },
        { kind: 'barcode', value: 'NEW-7' },
      ],
    },
  ],
});

describe('joining a registry', () => {
  it('checks the root key against the code, registers a key of its own, sets space.id and installs the list in full', async () => {
    const stub = await registry();
    const k = await joined(stub);
    expect(k.settings.value('space.id')).toBe('harbour');
    const keyFile = `${k.db.name}.alliance.key`;
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(k.alliance.state()).toMatchObject({ registryUrl: stub.url, kioskId: 'k-1', spaceId: 'harbour', keyVersion: 1, deltasUsable: true });
    const status = k.visaList.status();
    expect(status).toMatchObject({ sequence: 1, members: 6, lastSync: { mode: 'full' }, stale: false });
    expect(Date.parse(status.expiresAt!)).toBeGreaterThan(Date.now() + 5 * 3_600_000);
    expect(k.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted', kind: 'visa' });
  });

  it("replaces a list from a static feed, whatever that feed's sequence was", async () => {
    const stub = await registry();
    const k = kiosk();
    await k.visaList.importFeed({ feed: JSON.stringify(smallFeed({ sequence: 1042 })) });
    k.settings.set({ key: 'space.id', value: 'cedar' });
    const result = await k.alliance.join(stub.url, stub.code('harbour'));
    expect(result.syncError).toBeNull();
    expect(k.visaList.status()).toMatchObject({ sequence: 1, lastSync: { mode: 'full' } });
    expect(k.settings.value('space.id')).toBe('harbour');
  });

  it('keeps a joined kiosk working when a second join is refused', async () => {
    const stub = await registry();
    const k = await joined(stub);
    const key = fs.readFileSync(`${k.db.name}.alliance.key`, 'utf8');
    const used = stub.code('harbour');
    await kiosk().alliance.join(stub.url, used);
    await expect(k.alliance.join(stub.url, used)).rejects.toThrow('this enrolment code has been used already');
    expect(fs.readFileSync(`${k.db.name}.alliance.key`, 'utf8')).toBe(key);
    stub.change(someChanges);
    expect(await k.visaList.sync()).toMatchObject({ sequence: 2 });
  });

  it('refuses a code naming another root key, a used code and a registry that is down, each in a sentence, storing nothing', async () => {
    const stub = await registry();
    const k = kiosk();
    const other = new AllianceDocuments().code('harbour');
    await expect(k.alliance.join(stub.url, other)).rejects.toThrow("this registry's root key is not the one the code names: check the URL");
    const code = stub.code('harbour');
    await kiosk().alliance.join(stub.url, code);
    await expect(k.alliance.join(stub.url, code)).rejects.toThrow('this enrolment code has been used already: ask the coordinator for a new one');
    await expect(k.alliance.join(stub.url, `vkc1.harbour.short.${'0'.repeat(32)}`)).rejects.toThrow(
      'the enrolment code is cut short or mistyped: copy the whole code',
    );
    const down = stub.url;
    await stub.stop();
    registries.splice(0);
    await expect(k.alliance.join(down, stub.code('harbour'))).rejects.toThrow(/^the registry at 127\.0\.0\.1:\d+ cannot be reached \(connection refused\)/);
    expect(k.alliance.state()).toBeNull();
    expect(k.settings.value('space.id')).toBeUndefined();
  });
});

describe('syncing from a registry', () => {
  it('installs a change by delta, to the very list a full import of the same sequence makes', async () => {
    const stub = await registry();
    const k = await joined(stub);
    const before = decisions(k);
    stub.change(someChanges);
    stub.change((f) => ({ ...f, spaces: f.spaces.filter((s) => s.id !== 'kumo'), members: f.members.filter((m) => m.space !== 'kumo') }));
    const synced = await k.visaList.sync();
    expect(synced).toMatchObject({ changed: true, sequence: 3, lastSync: { mode: 'delta' } });
    expect(stub.requests.filter((r) => r.includes('/v1/feed/'))).toHaveLength(1);
    expect(synced.lastSync!.bytes).toBeLessThan(4096);
    const fresh = await importedFresh(stub);
    expect(listRows(k)).toEqual(listRows(fresh));
    expect(decisions(k)).toEqual(decisions(fresh));
    expect(decisions(k)).not.toEqual(before);
    expect(k.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'denied', reason: 'unknown_credential' });
    expect(k.desk.checkin({ credential: 'CC-2' }, { dryRun: true })).toMatchObject({ decision: 'admitted', member: { id: 'cc-7' } });
  });

  it('is what the running kiosk syncs from, with no visa.feedUrl set', async () => {
    const stub = await registry();
    const k = await joined(stub);
    stub.change(someChanges);
    k.visaList.startSync();
    await until('the running kiosk to install sequence 2', () => k.visaList.status().sequence === 2);
    expect(k.visaList.status().lastSync).toMatchObject({ mode: 'delta' });
  });

  it('leaves lastSync as it was when nothing is new, and asks only for the timestamp', async () => {
    const stub = await registry();
    const k = await joined(stub);
    stub.change(someChanges);
    const first = await k.visaList.sync();
    stub.requests.length = 0;
    const again = await k.visaList.sync();
    expect(again).toMatchObject({ changed: false, sequence: 2, lastSync: first.lastSync });
    expect(stub.requests).toEqual(['GET /v1/timestamp']);
    expect(stub.notModified).toBe(1);
    // Re-signed an hour later: a new timestamp of the same sequence moves the list's expiry on.
    stub.resign();
    const expiry = k.visaList.status().expiresAt!;
    await new Promise((r) => setTimeout(r, 5));
    expect(await k.visaList.sync()).toMatchObject({ changed: false, sequence: 2, lastSync: first.lastSync });
    expect(Date.parse(k.visaList.status().expiresAt!)).toBeGreaterThan(Date.parse(expiry));
  });

  it('does not ask "unchanged?" when the list file and the note of it disagree (a crash between their commits)', async () => {
    const stub = await registry();
    const k = await joined(stub);
    stub.change(someChanges);
    // The kiosk database noted sequence 2 under the new timestamp's validator, but the list file kept sequence 1.
    k.db.prepare('UPDATE sync_state SET sequence = 2, etag = ?').run(stub.timestamp().etag);
    expect(await k.visaList.sync()).toMatchObject({ changed: true, sequence: 2, lastSync: { mode: 'delta' } });
  });

  it('fetches the whole list again, not "unchanged", once the installed list was found damaged', async () => {
    const stub = await registry();
    const k = await joined(stub);
    syncState(k.db).damaged('the visa list file is damaged (test)');
    stub.requests.length = 0;
    expect(await k.visaList.sync()).toMatchObject({ changed: true, sequence: 1, lastSync: { mode: 'full' } });
    expect(stub.requests).toEqual(['GET /v1/timestamp', 'GET /v1/manifest/1', 'GET /v1/feed/1']);
  });

  it.each([
    [
      'a delta changed on the way',
      (chain: { manifest: { signed: string; sig: string }; delta: string }[]) => chain.map((l) => ({ ...l, delta: l.delta.replace('Barbara', 'Mallory') })),
    ],
    ['a chain with a hole', (chain: { manifest: { signed: string; sig: string }; delta: string }[]) => chain.slice(1)],
    [
      'a manifest signed by another key',
      (chain: { manifest: { signed: string; sig: string }; delta: string }[]) =>
        chain.map((l) => ({ ...l, manifest: envelope(JSON.parse(l.manifest.signed), keyPair()) })),
    ],
  ])('falls back to the full list on %s, and installs it right', async (_what, tamper) => {
    const stub = await registry();
    const lines: string[] = [];
    const k = await joined(stub, { log: (line) => lines.push(line) });
    stub.change(someChanges);
    stub.change((f) => ({ ...f, members: f.members.filter((m) => m.id !== 'sw-1') }));
    stub.tamperChain = tamper;
    const synced = await k.visaList.sync();
    expect(synced).toMatchObject({ changed: true, sequence: 3, lastSync: { mode: 'full' } });
    expect(stub.requests.filter((r) => r === 'GET /v1/feed/3')).toHaveLength(1);
    expect(listRows(k)).toEqual(listRows(await importedFresh(stub)));
    expect(k.desk.checkin({ credential: 'SW-1' }, { dryRun: true })).toMatchObject({ reason: 'unknown_credential' });
    expect(lines.join('\n')).toMatch(/synced the whole list, not by delta/);
  });

  it('gives a badge two members claim to neither, as a full import does, and syncs in full until no record is left out', async () => {
    const stub = await registry();
    const k = await joined(stub);
    const claim = (f: Roster): Roster => ({
      ...f,
      members: f.members.map((m) => (m.id === 'sw-1' ? { ...m, credentials: [...m.credentials, { kind: 'barcode' as const, value: 'CC-1' }] } : m)),
    });
    stub.change(claim);
    expect(await k.visaList.sync()).toMatchObject({ sequence: 2, lastSync: { mode: 'full' }, skipped: 1 });
    expect(k.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ reason: 'unknown_credential' });
    expect(listRows(k)).toEqual(listRows(await importedFresh(stub)));
    expect(k.alliance.state()).toMatchObject({ deltasUsable: false });
    stub.change((f) => ({ ...f, members: f.members.filter((m) => m.id !== 'sw-1') }));
    expect(await k.visaList.sync()).toMatchObject({ sequence: 3, lastSync: { mode: 'full' }, skipped: 0 });
    expect(k.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted', member: { id: 'cc-1' } });
    stub.change(someChanges);
    expect(await k.visaList.sync()).toMatchObject({ sequence: 4, lastSync: { mode: 'delta' } });
  });

  it("refuses a publication without this kiosk's own space, delta or full, and keeps deciding from the installed list", async () => {
    const stub = await registry();
    const k = await joined(stub);
    stub.change((f) => ({ ...f, spaces: f.spaces.filter((s) => s.id !== 'harbour'), members: f.members.filter((m) => m.space !== 'harbour') }));
    await expect(k.visaList.sync()).rejects.toThrow(/it has no usable record of this kiosk's space "harbour"/);
    expect(k.visaList.status()).toMatchObject({ sequence: 1, members: 6 });
    expect(k.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted' });
  });

  it('syncs in full when the registry no longer keeps the deltas from the installed sequence', async () => {
    const stub = await registry();
    const k = await joined(stub);
    stub.change(someChanges);
    stub.keptFrom = 2;
    expect(await k.visaList.sync()).toMatchObject({ sequence: 2, lastSync: { mode: 'full' } });
  });

  it('shows the list as stale once the signed timestamp has expired, and still decides from it', async () => {
    const stub = await registry();
    const k = await joined(stub);
    stub.timestampHours = -1;
    stub.resign();
    await k.visaList.sync();
    expect(k.visaList.status()).toMatchObject({ stale: true, staleReason: 'expired' });
    expect(k.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted' });
  });

  it('follows an online key rotated by the root, and refuses a feed signed by an unnamed key', async () => {
    const stub = await registry();
    const k = await joined(stub);
    stub.docs.rotate();
    stub.change(someChanges);
    expect(await k.visaList.sync()).toMatchObject({ sequence: 2, lastSync: { mode: 'delta' } });
    expect(k.alliance.state()).toMatchObject({ keyVersion: 2 });
    stub.docs.online = keyPair();
    stub.change((f) => ({ ...f, members: f.members.filter((m) => m.id !== 'hw-1') }));
    await expect(k.visaList.sync()).rejects.toThrow(/the timestamp's signature does not match the alliance's key/);
    expect(k.visaList.status()).toMatchObject({ sequence: 2, lastError: expect.stringMatching(/timestamp's signature/) });
  });

  it("says the registry's sentence when the kiosk's clock is off", async () => {
    const stub = await registry();
    const k = await joined(stub);
    const slow = Kiosk.open(k.db.name, { registry: { now: () => new Date(Date.now() - 7 * 60_000) } });
    opened.push(slow);
    await expect(slow.visaList.sync()).rejects.toThrow("this kiosk's clock is 7 minutes behind the registry's: set the clock");
  });
});

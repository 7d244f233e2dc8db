import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { visaKiosk } from '../fixtures/cli';
import { makeRegistry, registry, startRegistry, type RunningRegistry } from '../fixtures/registry-server';
import { useMadeOnce } from '../fixtures/temp';

/** The exchange end to end: a real registry process, two spaces, each with a real kiosk (the CLI on its own database). */

const running: RunningRegistry[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
});

const CSV_HEADER = 'id,space,name,email,status,validUntil,credentials';
const ROSTERS = {
  harbour: [CSV_HEADER, 'hw-1,harbour,Inês Carvalho,,active,,barcode:HW-1', 'hw-2,harbour,Rui Costa,,active,,barcode:HW-2'],
  cedar: [CSV_HEADER, 'cc-1,cedar,Ada Lovelace,,active,,barcode:CC-1', 'cc-2,cedar,Alan Turing,,active,,barcode:CC-2'],
};

const SPACES = ['harbour', 'cedar'] as const;
type Kiosk = (...args: string[]) => ReturnType<typeof visaKiosk>;

/** A registry with harbour and cedar enrolled, a joined kiosk at each, both rosters published and synced. */
async function makeExchange(dir: string, server: RunningRegistry, codes: Record<string, string>) {
  for (const space of SPACES) {
    const home = path.join(dir, space);
    fs.mkdirSync(home);
    const kiosk = kioskIn(dir, space);
    const joined = await kiosk('alliance', 'join', server.url, codes[space]!, '--json');
    expect(joined.code).toBe(0);
    expect(JSON.parse(joined.stdout)).toMatchObject({ spaceId: space });
    const csv = path.join(home, 'members.csv');
    fs.writeFileSync(csv, ROSTERS[space].join('\n'));
    const published = await kiosk('alliance', 'publish', csv, '--json');
    expect(published.code).toBe(0);
    expect(JSON.parse(published.stdout)).toMatchObject({ added: 2, removed: 0 });
  }
  for (const space of SPACES) expect(await kioskIn(dir, space)('visa', 'sync')).toMatchObject({ code: 0 });
}

const kioskIn =
  (dir: string, space: (typeof SPACES)[number]): Kiosk =>
  (...args) =>
    visaKiosk([...args, '--db', path.join(dir, space, 'kiosk.db')]);

/** The exchange is made once; each test gets its own copy of its folders, served on the port its kiosks joined. */
const madeOnce = useMadeOnce(async (dir) => {
  const codes = await makeRegistry(path.join(dir, 'registry'), [...SPACES]);
  const server = await startRegistry(path.join(dir, 'registry'));
  try {
    await makeExchange(dir, server, codes);
  } finally {
    await server.stop();
  }
  return new URL(server.url).port;
});

async function exchange() {
  const { dir, made: port } = await madeOnce();
  const registryDir = path.join(dir, 'registry');
  const server = await startRegistry(registryDir, ['--port', port]);
  running.push(server);
  return { dir, registryDir, server, harbour: kioskIn(dir, 'harbour'), cedar: kioskIn(dir, 'cedar') };
}

const decide = async (kiosk: Kiosk, badge: string) => JSON.parse((await kiosk('checkin', badge, '--dry-run', '--json')).stdout) as Record<string, unknown>;
const status = async (kiosk: Kiosk) =>
  JSON.parse((await kiosk('visa', 'status', '--json')).stdout) as {
    sequence: number;
    lastSync: { mode: string; bytes: number; ms: number };
    lastError: string | null;
  };
/** What the kiosk decides from: the installed list's sequence and how it came. */
const installed = async (kiosk: Kiosk) => {
  const { sequence, lastSync } = await status(kiosk);
  return { sequence, lastSync };
};

describe('the alliance exchange: a registry process and two kiosks', { timeout: 180_000 }, () => {
  it("enrols two spaces, each publishes its roster, and each kiosk admits the other's members on a visa", async () => {
    const { harbour, cedar } = await exchange();
    expect(await decide(harbour, 'CC-1')).toMatchObject({ decision: 'admitted', kind: 'visa', member: { id: 'cc-1' } });
    expect(await decide(cedar, 'HW-2')).toMatchObject({ decision: 'admitted', kind: 'visa', member: { id: 'hw-2' } });
    expect(await decide(harbour, 'HW-1')).toMatchObject({ decision: 'admitted', kind: 'member' });
    // A registry on this computer is plain http with nothing on the way: no warning (doctor-registry-http.test.ts has one beyond it).
    expect(await cedar('visa', 'sync')).toMatchObject({ code: 0, stderr: '' });
  });

  it('a member removed at one space is denied at the other after its next sync, which comes as a small delta', async () => {
    const { harbour, cedar } = await exchange();
    const removed = await cedar('alliance', 'member', 'remove', 'cc-1', '--json');
    expect(removed.code).toBe(0);
    expect(await decide(harbour, 'CC-1')).toMatchObject({ decision: 'admitted' });
    expect(await harbour('visa', 'sync')).toMatchObject({ code: 0 });
    expect(await decide(harbour, 'CC-1')).not.toMatchObject({ decision: 'admitted' });
    expect(await decide(harbour, 'CC-2')).toMatchObject({ decision: 'admitted', kind: 'visa' });
    const after = await status(harbour);
    expect(after.sequence).toBe(JSON.parse(removed.stdout).sequence);
    expect(after.lastSync.mode).toBe('delta');
    expect(after.lastSync.bytes).toBeGreaterThan(0);
    expect(after.lastSync.bytes).toBeLessThanOrEqual(4096);
  });

  it("refuses a kiosk's write to another space's member in one sentence, and changes nothing", async () => {
    const { harbour, cedar } = await exchange();
    const before = (await status(harbour)).sequence;
    const foreign = await harbour('alliance', 'member', 'remove', 'cc-1');
    expect(foreign).toMatchObject({
      code: 1,
      stderr: 'visa-kiosk alliance member: member cc-1 belongs to space cedar: space harbour can change only its own members and terms\n',
    });
    const renamed = await harbour('alliance', 'member', 'update', 'cc-2', '--status', 'suspended');
    expect(renamed.code).toBe(1);
    expect(renamed.stderr.trim().split('\n')).toHaveLength(1);
    for (const kiosk of [harbour, cedar]) expect(await kiosk('visa', 'sync')).toMatchObject({ code: 0 });
    expect((await status(harbour)).sequence).toBe(before);
    expect(await decide(harbour, 'CC-1')).toMatchObject({ decision: 'admitted', kind: 'visa' });
    expect(await decide(harbour, 'CC-2')).toMatchObject({ decision: 'admitted', kind: 'visa' });
  });

  it("refuses a roster that gives a badge of another space's member, naming the CSV's row, and changes nothing", async () => {
    const { dir, harbour } = await exchange();
    const before = (await status(harbour)).sequence;
    const file = path.join(dir, 'harbour', 'taken.csv');
    fs.writeFileSync(file, [...ROSTERS.harbour, 'hw-3,harbour,Ana Lima,,active,,barcode:CC-1'].join('\n'));
    const refused = await harbour('alliance', 'publish', file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'visa-kiosk alliance publish: row 4 (hw-3): badge barcode:CC-1 already belongs to member cc-1 of space cedar: a badge belongs to one member; nothing was changed\n',
    );
    expect((await status(harbour)).sequence).toBe(before);
  });

  it("gives a suspended space's kiosk nothing: its sync is refused in a sentence and its installed list keeps deciding", async () => {
    const { registryDir, harbour, cedar } = await exchange();
    expect((await registry(['space', 'suspend', 'cedar', '--dir', registryDir])).code).toBe(0);
    expect((await harbour('alliance', 'member', 'remove', 'hw-1')).code).toBe(0);
    const before = await installed(cedar);
    const refused = await cedar('visa', 'sync');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/space cedar is suspended by the alliance/);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(await installed(cedar)).toEqual(before);
    expect((await status(cedar)).lastError).toBe('space cedar is suspended by the alliance');
    expect(await decide(cedar, 'HW-1')).toMatchObject({ decision: 'admitted', kind: 'visa' });
  });

  it('falls back to a full sync when a delta on the registry was tampered with, and the full list then decides right', async () => {
    const { registryDir, harbour, cedar } = await exchange();
    const removed = await cedar('alliance', 'member', 'remove', 'cc-1', '--json');
    const sequence = JSON.parse(removed.stdout).sequence as number;
    const delta = path.join(registryDir, 'pub', `delta-${sequence}.json`);
    // Someone on the server puts cc-1 back into the change: valid JSON, but not the bytes the manifest signed.
    const signed = fs.readFileSync(delta, 'utf8');
    expect(signed).toContain('"remove":["cc-1"]');
    fs.writeFileSync(delta, signed.replace('"remove":["cc-1"]', '"remove":[]'));
    expect(await harbour('visa', 'sync')).toMatchObject({ code: 0 });
    expect(await status(harbour)).toMatchObject({ sequence, lastSync: { mode: 'full' } });
    expect(await decide(harbour, 'CC-1')).not.toMatchObject({ decision: 'admitted' });
    expect(await decide(harbour, 'CC-2')).toMatchObject({ decision: 'admitted', kind: 'visa' });
  });

  it('says in one sentence when the registry is down, and keeps the installed list', async () => {
    const { server, harbour } = await exchange();
    const before = await installed(harbour);
    await server.stop();
    const down = await harbour('visa', 'sync');
    expect(down.code).toBe(1);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect(await installed(harbour)).toEqual(before);
    expect(down.stderr).toMatch(/cannot be reached/);
    expect(await decide(harbour, 'CC-1')).toMatchObject({ decision: 'admitted', kind: 'visa' });
  });

  it("a kiosk moved to another space retires its old registration: the coordinator's list shows it revoked, and the new one syncs", async () => {
    const { registryDir, server, harbour } = await exchange();
    const kiosks = async () =>
      JSON.parse((await registry(['kiosk', 'list', '--dir', registryDir, '--json'])).stdout) as { id: string; spaceId: string; revokedAt: string | null }[];
    const [old] = (await kiosks()).filter((k) => k.spaceId === 'harbour');
    const code = JSON.parse((await registry(['space', 'code', 'cedar', '--dir', registryDir, '--json'])).stdout) as { code: string };
    const moved = await harbour('alliance', 'join', server.url, code.code, '--switch-space');
    expect(moved).toMatchObject({ code: 0, stderr: '' });
    expect(moved.stdout).toContain(`retired this kiosk's old registration, kiosk ${old!.id} at ${server.url}\n`);
    const after = await kiosks();
    expect(after.find((k) => k.id === old!.id)).toMatchObject({ spaceId: 'harbour', revokedAt: expect.any(String) });
    expect(after.filter((k) => k.spaceId === 'cedar' && k.revokedAt === null)).toHaveLength(2);
    expect(await harbour('visa', 'sync')).toMatchObject({ code: 0 });
    expect(await decide(harbour, 'HW-1')).toMatchObject({ decision: 'admitted', kind: 'visa' });
  });
});

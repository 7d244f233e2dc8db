/** Set-up shared by the alliance sync tests: kiosks joined to a registry stub, and the list rows a decision depends on. */
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import type { Feed } from '../../core/feed';
import { Kiosk } from '../../service/kiosk';
import { smallFeed } from '../fixtures/feeds';
import { RegistryStub } from '../fixtures/registry-stub';
import { useTempDir } from '../fixtures/temp';

export type Roster = Omit<Feed, 'sequence' | 'generatedAt'>;
const { sequence: _s, generatedAt: _g, ...base } = smallFeed();

const BADGES = ['HW-1', 'CC-1', 'CC-2', 'CC-3', 'SW-1', 'KL-1', 'NEW-7', '0F00A1B2C3', '1000A1B200'];
export const decisions = (k: Kiosk) => BADGES.map((credential) => [credential, k.desk.checkin({ credential }, { dryRun: true }).reason]);

/** Everything a decision can depend on, row by row (positions are only for messages). */
export function listRows(k: Kiosk) {
  k.visaList.refresh();
  const all = (sql: string) => k.db.prepare(sql).all();
  return {
    info: all('SELECT sequence, generated_at, spaces, members, credentials FROM list.list_info'),
    spaces: all('SELECT * FROM list.spaces ORDER BY id'),
    members: all('SELECT id, space_id, name, email, status, valid_until FROM list.members ORDER BY id'),
    credentials: all('SELECT kind, value, member_id, bits, low32, low24, folded FROM list.credentials ORDER BY kind, value'),
  };
}

export const someChanges = (f: Roster): Roster => ({
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

/** Kiosks on fresh databases and registry stubs, closed and stopped after each test. */
export function useAllianceKiosks() {
  const tempDir = useTempDir();
  const opened: Kiosk[] = [];
  const registries: RegistryStub[] = [];
  afterEach(async () => {
    for (const k of opened.splice(0)) await k.close();
    for (const r of registries.splice(0)) await r.stop();
  });

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

  /** The list a kiosk gets by importing the latest full feed itself, for comparison. */
  async function importedFresh(stub: RegistryStub) {
    const k = kiosk();
    await k.visaList.importFeed({ feed: stub.docs.latest!.feedText });
    k.settings.set({ key: 'space.id', value: 'harbour' });
    return k;
  }

  return { opened, registries, registry, kiosk, joined, importedFresh };
}

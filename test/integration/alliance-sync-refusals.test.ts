import { describe, expect, it } from 'vitest';
import { Kiosk } from '../../service/kiosk';
import { keyPair } from '../fixtures/registry-documents';
import { someChanges, useAllianceKiosks } from './alliance-kiosk';

const { opened, registry, joined } = useAllianceKiosks();

describe('syncing from a registry', () => {
  it("refuses a publication without this kiosk's own space, delta or full, and keeps deciding from the installed list", async () => {
    const stub = await registry();
    const k = await joined(stub);
    stub.change((f) => ({ ...f, spaces: f.spaces.filter((s) => s.id !== 'harbour'), members: f.members.filter((m) => m.space !== 'harbour') }));
    await expect(k.visaList.sync()).rejects.toThrow(/it has no usable record of this kiosk's space "harbour"/);
    expect(k.visaList.status()).toMatchObject({ sequence: 1, members: 6 });
    expect(k.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted' });
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

  it('after a rotation, takes the whole list once when deltas were signed by the retired key, saying so, then deltas again', async () => {
    const stub = await registry();
    const lines: string[] = [];
    const k = await joined(stub, { log: (line) => lines.push(line) });
    stub.change(someChanges);
    stub.docs.rotate();
    stub.change((f) => ({ ...f, members: f.members.filter((m) => m.id !== 'hw-1') }));
    expect(await k.visaList.sync()).toMatchObject({ sequence: 3, lastSync: { mode: 'full' } });
    expect(lines.join('\n')).toContain(
      "synced the whole list, not by delta: the manifest of the delta 1 of 2 was signed by the alliance's online key before it was rotated, and deltas signed before a rotation are not taken",
    );
    expect(k.desk.checkin({ credential: 'HW-1' }, { dryRun: true })).toMatchObject({ reason: 'unknown_credential' });
    stub.change((f) => ({ ...f, members: f.members.filter((m) => m.id !== 'cc-1') }));
    expect(await k.visaList.sync()).toMatchObject({ sequence: 4, lastSync: { mode: 'delta' } });
  });

  it("says the registry's sentence when the kiosk's clock is off", async () => {
    const stub = await registry();
    const k = await joined(stub);
    const slow = Kiosk.open(k.db.name, { registry: { now: () => new Date(Date.now() - 7 * 60_000) } });
    opened.push(slow);
    await expect(slow.visaList.sync()).rejects.toThrow("this kiosk's clock is 7 minutes behind the registry's: set the clock");
  });
});

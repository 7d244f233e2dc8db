import { describe, expect, it } from 'vitest';
import { syncState } from '../../db/sync-state';
import { envelope, keyPair } from '../fixtures/registry-documents';
import { until } from '../fixtures/wait';
import { decisions, listRows, someChanges, useAllianceKiosks, type Roster } from './alliance-kiosk';

const { registry, joined, importedFresh } = useAllianceKiosks();

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

  it('leaves lastSync as it was when nothing is new, and asks only for the timestamp and the announced visits', async () => {
    const stub = await registry();
    const k = await joined(stub);
    stub.change(someChanges);
    const first = await k.visaList.sync();
    stub.requests.length = 0;
    const again = await k.visaList.sync();
    expect(again).toMatchObject({ changed: false, sequence: 2, lastSync: first.lastSync });
    // Then the visits announced to this space, which change apart from the list.
    expect(stub.requests).toEqual(['GET /v1/timestamp', 'GET /v1/announcements?since=0']);
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
    expect(stub.requests).toEqual(['GET /v1/timestamp', 'GET /v1/manifest/1', 'GET /v1/feed/1', 'GET /v1/announcements?since=0']);
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

  it('syncs in full when the registry no longer keeps the deltas from the installed sequence', async () => {
    const stub = await registry();
    const k = await joined(stub);
    stub.change(someChanges);
    stub.keptFrom = 2;
    expect(await k.visaList.sync()).toMatchObject({ sequence: 2, lastSync: { mode: 'full' } });
  });
});

import { describe, expect, it } from 'vitest';
import { signedPass } from '../fixtures/pass-input';
import { keyPair, type KeyPair } from '../fixtures/registry-documents';
import { useAllianceKiosks } from './alliance-kiosk';

const { registry, joined } = useAllianceKiosks();
const DAY = 86_400_000;

describe('visa passes across an online key rotation', () => {
  it('a pass signed by the rotated-out key stays good until it expires; one by the new key is good too', async () => {
    const stub = await registry();
    const k = await joined(stub);
    const issuedAt = new Date();
    const fields = { memberId: 'cc-1', spaceId: 'cedar', name: 'Ada Lovelace', issuedAt, expiresAt: new Date(issuedAt.getTime() + 31 * DAY) };
    const oldKey = stub.docs.online.privateKey;
    const before = await signedPass(oldKey, fields);
    stub.docs.rotate();
    stub.change((f) => f);
    await k.visaList.sync();
    expect(k.alliance.state()).toMatchObject({ keyVersion: 2 });
    const after = await signedPass(stub.docs.online.privateKey, fields);
    expect(k.desk.checkin({ credential: before }, { dryRun: true })).toMatchObject({ decision: 'admitted', kind: 'visa', member: { id: 'cc-1' } });
    expect(k.desk.checkin({ credential: after }, { dryRun: true })).toMatchObject({ decision: 'admitted', kind: 'visa', member: { id: 'cc-1' } });
    // Past a pass's lifetime after the rotation the old key is trusted no more.
    const later = new Date(Date.now() + 32 * DAY);
    const lateFields = { ...fields, issuedAt: new Date(later.getTime() - DAY), expiresAt: new Date(later.getTime() + DAY) };
    expect(k.desk.checkin({ credential: await signedPass(stub.docs.online.privateKey, lateFields) }, { dryRun: true, at: later })).toMatchObject({
      decision: 'admitted',
    });
    expect(k.desk.checkin({ credential: await signedPass(oldKey, lateFields) }, { dryRun: true, at: later })).toMatchObject({
      decision: 'denied',
      reason: 'pass_invalid',
      passFault: 'unknown_key',
    });
  });

  const passBy = (key: KeyPair, issuedAt = new Date(Date.now() - DAY)) =>
    signedPass(key.privateKey, { memberId: 'cc-1', spaceId: 'cedar', name: 'Ada Lovelace', issuedAt, expiresAt: new Date(issuedAt.getTime() + 31 * DAY) });

  it('a kiosk that skipped a version trusts the key of that version the root names as retired', async () => {
    const stub = await registry();
    const k = await joined(stub);
    const v1 = stub.docs.online;
    stub.docs.rotate();
    const v2 = stub.docs.online;
    stub.docs.rotate();
    stub.change((f) => f);
    await k.visaList.sync();
    expect(k.alliance.state()).toMatchObject({ keyVersion: 3 });
    for (const key of [v1, v2, stub.docs.online])
      expect(k.desk.checkin({ credential: await passBy(key) }, { dryRun: true })).toMatchObject({ decision: 'admitted', member: { id: 'cc-1' } });
  });

  it('a pass a retired key signed after its retirement (a leaked old key) is refused as invalid, also for a version the kiosk skipped', async () => {
    const stub = await registry();
    const k = await joined(stub);
    const [v1RetiredAt, v2RetiredAt] = [new Date(Date.now() - 3 * DAY), new Date(Date.now() - DAY)];
    const v1 = stub.docs.online;
    stub.docs.now = () => v1RetiredAt;
    stub.docs.rotate();
    const v2 = stub.docs.online;
    stub.docs.now = () => v2RetiredAt;
    stub.docs.rotate();
    stub.docs.now = () => new Date();
    stub.change((f) => f);
    await k.visaList.sync();
    expect(k.alliance.state()).toMatchObject({ keyVersion: 3 });
    const forged = { decision: 'denied', reason: 'pass_invalid', passFault: 'retired_key' };
    const second = 1000;
    for (const [key, retiredAt] of [
      [v1, v1RetiredAt],
      [v2, v2RetiredAt],
    ] as const) {
      expect(k.desk.checkin({ credential: await passBy(key, new Date(retiredAt.getTime() - second)) }, { dryRun: true })).toMatchObject({
        decision: 'admitted',
        member: { id: 'cc-1' },
      });
      expect(k.desk.checkin({ credential: await passBy(key, new Date(retiredAt.getTime() + second)) }, { dryRun: true })).toMatchObject(forged);
      expect(k.desk.checkin({ credential: await passBy(key, new Date()) }, { dryRun: true })).toMatchObject(forged);
    }
    // The new key signs passes dated any time.
    expect(k.desk.checkin({ credential: await passBy(stub.docs.online, new Date(v1RetiredAt.getTime() - DAY)) }, { dryRun: true })).toMatchObject({
      decision: 'admitted',
    });
  });

  it('refuses a "retired" key named by a keys document the root did not sign', async () => {
    const stub = await registry();
    const k = await joined(stub);
    // A thief of the online key signs timestamps naming version 2, and a keys document vouching for a key of their own.
    const theirs = keyPair();
    stub.docs.keyVersion = 2;
    stub.docs.keys = stub.docs.keysDocument([{ online: theirs.publicKey, version: 1, retiredAt: new Date().toISOString() }], stub.docs.online);
    stub.change((f) => f);
    await expect(k.visaList.sync()).rejects.toThrow(/keys document's signature does not match/);
    expect(k.alliance.state()).toMatchObject({ keyVersion: 1 });
    expect(k.desk.checkin({ credential: await passBy(theirs) }, { dryRun: true })).toMatchObject({
      decision: 'denied',
      reason: 'pass_invalid',
      passFault: 'unknown_key',
    });
  });

  it('trusts no key the root names as retired more than a pass lifetime ago, the one this kiosk had included', async () => {
    const stub = await registry();
    const k = await joined(stub);
    const v1 = stub.docs.online;
    // Offline for five weeks: version 1 was retired 33 days ago, version 2 32 days ago (a thief may hold either).
    const v2 = keyPair();
    stub.docs.online = keyPair();
    stub.docs.keyVersion = 3;
    const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
    stub.docs.keys = stub.docs.keysDocument([
      { online: v1.publicKey, version: 1, retiredAt: ago(33) },
      { online: v2.publicKey, version: 2, retiredAt: ago(32) },
    ]);
    stub.change((f) => f);
    await k.visaList.sync();
    expect(k.alliance.state()).toMatchObject({ keyVersion: 3 });
    for (const key of [v1, v2])
      expect(k.desk.checkin({ credential: await passBy(key) }, { dryRun: true })).toMatchObject({
        decision: 'denied',
        reason: 'pass_invalid',
        passFault: 'unknown_key',
      });
    expect(k.desk.checkin({ credential: await passBy(stub.docs.online) }, { dryRun: true })).toMatchObject({ decision: 'admitted' });
  });

  it('a kiosk joining after a rotation trusts the retired keys the document names', async () => {
    const stub = await registry();
    const v1 = stub.docs.online;
    stub.docs.rotate();
    stub.change((f) => f);
    const k = await joined(stub);
    expect(k.alliance.state()).toMatchObject({ keyVersion: 2 });
    expect(k.desk.checkin({ credential: await passBy(v1) }, { dryRun: true })).toMatchObject({ decision: 'admitted', member: { id: 'cc-1' } });
  });

  it("a kiosk joining another alliance (its old root leaked) trusts none of the old one's retired keys", async () => {
    const old = await registry();
    const k = await joined(old);
    const oldKey = old.docs.online;
    old.docs.rotate();
    old.change((f) => f);
    await k.visaList.sync();
    expect(k.desk.checkin({ credential: await passBy(oldKey) }, { dryRun: true })).toMatchObject({ decision: 'admitted' });
    const next = await registry();
    expect((await k.alliance.join(next.url, next.code('harbour'))).syncError).toBeNull();
    expect(k.desk.checkin({ credential: await passBy(oldKey) }, { dryRun: true })).toMatchObject({
      decision: 'denied',
      reason: 'pass_invalid',
      passFault: 'unknown_key',
    });
    expect(k.desk.checkin({ credential: await passBy(next.docs.online) }, { dryRun: true })).toMatchObject({ decision: 'admitted' });
  });
});

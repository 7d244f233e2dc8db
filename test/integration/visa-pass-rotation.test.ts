import { describe, expect, it } from 'vitest';
import { signedPass } from '../fixtures/pass-input';
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
});

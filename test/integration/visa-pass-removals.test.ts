import { describe, expect, it } from 'vitest';
import { signedPass } from '../fixtures/pass-input';
import { useAllianceKiosks } from './alliance-kiosk';

const { registry, joined } = useAllianceKiosks();
const DAY = 86_400_000;

describe('members removed from the list, remembered for a pass’s lifetime', () => {
  it('a full sync (no delta kept) still remembers who it removed: their pass is refused, even one dated after the list', async () => {
    const stub = await registry();
    const k = await joined(stub);
    stub.change((f) => ({ ...f, members: f.members.filter((m) => m.id !== 'cc-1') }));
    stub.keptFrom = 2;
    expect(await k.visaList.sync()).toMatchObject({ sequence: 2, lastSync: { mode: 'full' } });
    // A registry clock a few minutes ahead dates the pass after the list: only the removal tells it apart from a new member.
    const issuedAt = new Date(Date.now() + 5 * 60_000);
    const pass = await signedPass(stub.docs.online.privateKey, {
      memberId: 'cc-1',
      spaceId: 'cedar',
      name: 'Ada Lovelace',
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + 31 * DAY),
    });
    expect(k.desk.checkin({ credential: pass }, { dryRun: true })).toMatchObject({ decision: 'denied', reason: 'member_inactive', member: { id: 'cc-1' } });
    const newcomer = await signedPass(stub.docs.online.privateKey, {
      memberId: 'cc-99',
      spaceId: 'cedar',
      name: 'Barbara Liskov',
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + 31 * DAY),
    });
    expect(k.desk.checkin({ credential: newcomer }, { dryRun: true })).toMatchObject({ decision: 'admitted', kind: 'visa', member: { id: 'cc-99' } });
  });
});

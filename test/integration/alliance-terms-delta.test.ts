import { describe, expect, it } from 'vitest';
import { useAllianceKiosks } from './alliance-kiosk';

const { registry, joined } = useAllianceKiosks();

/** A delta edits the installed list file in place: the running kiosk decides on the new terms at once, not after a restart. */
describe('terms changed by delta', () => {
  it("the host's free days from the delta apply to the very next tap", async () => {
    const stub = await registry();
    const k = await joined(stub);
    const before = k.desk.checkin({ credential: 'CC-1' }, { dryRun: true });
    expect(before).toMatchObject({ decision: 'admitted', reason: 'visa' });
    const allowed = before.visaDaysAllowed!;
    stub.change((f) => ({ ...f, spaces: f.spaces.map((s) => (s.id === 'harbour' ? { ...s, visa: { ...s.visa, freeDaysPerMonth: allowed + 4 } } : s)) }));
    expect(await k.visaList.sync()).toMatchObject({ changed: true, lastSync: { mode: 'delta' } });
    expect(k.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted', visaDaysAllowed: allowed + 4 });
  });
});

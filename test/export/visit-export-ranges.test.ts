import { describe, expect, it } from 'vitest';
import { localDate } from '../../core/calendar';
import { exportQueryPlans } from '../../db/visit-export';
import { exportVisits } from '../../service/export/visit-log';
import { ids, jsonLines, useLisbonLog } from './lisbon-log';

const lisbonLog = useLisbonLog();

describe('visit log export: local-date ranges', () => {
  it('takes the space’s own dates across the spring change in Lisbon (29 March 2026, 01:00 UTC)', async () => {
    const { db, visit } = lisbonLog();
    const before = visit({ at: '2026-03-28T23:30:00Z' }); // 23:30 WET on the 28th
    const earlyOnTheDay = visit({ at: '2026-03-29T00:30:00Z' }); // 00:30 WET on the 29th
    const lateOnTheDay = visit({ at: '2026-03-29T22:59:00Z' }); // 23:59 WEST on the 29th
    const nextDay = visit({ at: '2026-03-29T23:30:00Z' }); // 00:30 WEST on the 30th, still the 29th in UTC
    expect(localDate(new Date('2026-03-29T23:30:00Z'), 'Europe/Lisbon')).toBe('2026-03-30');
    expect(await ids(db, '2026-03-29', '2026-03-29')).toEqual([earlyOnTheDay, lateOnTheDay]);
    expect(await ids(db, '2026-03-28', '2026-03-29')).toEqual([before, earlyOnTheDay, lateOnTheDay]);
    expect(await ids(db, '2026-03-30', '2026-03-31')).toEqual([nextDay]);
  });

  it('takes the space’s own dates across the autumn change in Lisbon (25 October 2026, 01:00 UTC)', async () => {
    const { db, visit } = lisbonLog();
    const dayBefore = visit({ at: '2026-10-24T22:59:00Z' }); // 23:59 WEST on the 24th
    const first = visit({ at: '2026-10-24T23:30:00Z' }); // 00:30 WEST on the 25th, still the 24th in UTC
    const repeatedHour = visit({ at: '2026-10-25T01:30:00Z' }); // 01:30 WET, the hour that happens twice
    const last = visit({ at: '2026-10-25T23:59:00Z' }); // 23:59 WET on the 25th
    const dayAfter = visit({ at: '2026-10-26T00:00:00Z' }); // midnight WET on the 26th
    expect(await ids(db, '2026-10-25', '2026-10-25')).toEqual([first, repeatedHour, last]);
    expect(await ids(db, '2026-10-24', '2026-10-24')).toEqual([dayBefore]);
    expect(await ids(db, '2026-10-26', '2026-10-31')).toEqual([dayAfter]);
    expect(await ids(db, '2026-10-01', '2026-10-31')).toEqual([dayBefore, first, repeatedHour, last, dayAfter]);
  });

  it('orders by local date, then by visit id, and includes both ends of the range', async () => {
    const { db, visit } = lisbonLog();
    const late = visit({ at: '2026-05-02T10:00:00Z', localDate: '2026-05-02' });
    const early = visit({ at: '2026-05-01T10:00:00Z', localDate: '2026-05-01' });
    visit({ at: '2026-05-03T10:00:00Z', localDate: '2026-05-03' });
    expect(await ids(db, '2026-05-01', '2026-05-02')).toEqual([early, late]);
    expect(await ids(db, '2026-06-01', '2026-06-30')).toEqual([]);
  });

  it('filters by kind and by home space', async () => {
    const { db, visit, guest } = lisbonLog();
    const cedarVisa = visit({ at: '2026-04-01T10:00:00Z', memberId: 'cc-1', homeSpaceId: 'cedar' });
    const spreeVisa = visit({ at: '2026-04-01T11:00:00Z', memberId: 'sw-1', homeSpaceId: 'spree' });
    const cedarPass = visit({ at: '2026-04-02T10:00:00Z', kind: 'day_pass', memberId: 'cc-2', homeSpaceId: 'cedar', price: '15.00', currency: 'EUR' });
    const guestPass = visit({ at: '2026-04-02T11:00:00Z', kind: 'day_pass', guestId: guest('Walk In'), price: '15.00', currency: 'EUR' });
    const range = { from: '2026-04-01', to: '2026-04-30' };
    const filtered = async (f: { kind?: 'visa' | 'day_pass'; homeSpaceId?: string }) =>
      (await jsonLines((out) => exportVisits(db, { ...range, ...f }, 'json', out))).map((v) => v.id);
    expect(await filtered({ kind: 'visa' })).toEqual([cedarVisa, spreeVisa]);
    expect(await filtered({ homeSpaceId: 'cedar' })).toEqual([cedarVisa, cedarPass]);
    expect(await filtered({ kind: 'day_pass' })).toEqual([cedarPass, guestPass]);
    expect(await filtered({ kind: 'day_pass', homeSpaceId: 'cedar' })).toEqual([cedarPass]);
    expect(await filtered({ homeSpaceId: 'kumo' })).toEqual([]);
  });
});

describe('export queries', () => {
  it('each reads the visit log through the local-date index, and the log streams without a sort', () => {
    const { db } = lisbonLog();
    const plans = exportQueryPlans(db);
    for (const plan of Object.values(plans))
      expect(plan).toMatch(/^SEARCH (v|visits) USING (COVERING )?INDEX visits_local_date \(local_date>\? AND local_date<\?\)/);
    expect(plans.visits).not.toMatch(/TEMP B-TREE/);
    // Cutting an unfiltered export into slices reads the index and never the rows.
    expect(plans.dayCounts).toMatch(/USING COVERING INDEX/);
    expect(plans.dayCounts).not.toMatch(/TEMP B-TREE/);
    expect(plans.visits).toMatch(/SEARCH g USING INTEGER PRIMARY KEY/);
    expect(plans.visits).toMatch(/SEARCH o USING INTEGER PRIMARY KEY/);
    expect(plans.visits).toMatch(/SEARCH x USING INTEGER PRIMARY KEY/);
  });
});

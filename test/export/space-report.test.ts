import { describe, expect, it } from 'vitest';
import { exportSpaceReport } from '../../service/export/space-report';
import { collector, jsonLines, useLisbonLog } from './lisbon-log';

const lisbonLog = useLisbonLog();

describe('per-home-space report', () => {
  /** A hand-built March and April at Harbour Works (Lisbon). */
  function handBuiltLog() {
    const log = lisbonLog();
    const { visit, guest } = log;
    const cedar = { homeSpaceId: 'cedar', homeSpaceName: 'Cedar Commons' };
    // Cedar, March: Ada on two days (the 3rd logged twice), Grace voided, Alan overridden, Dennis buys a pass.
    visit({ at: '2026-03-02T10:00:00Z', memberId: 'cc-1', ...cedar });
    visit({ at: '2026-03-03T10:00:00Z', memberId: 'cc-1', ...cedar });
    visit({ at: '2026-03-03T15:00:00Z', memberId: 'cc-1', ...cedar });
    visit({ at: '2026-03-03T11:00:00Z', memberId: 'cc-2', ...cedar, voidedAt: '2026-03-03T11:05:00Z', voidedBy: 1, voidReason: 'wrong badge' });
    visit({ at: '2026-03-04T10:00:00Z', memberId: 'cc-3', ...cedar, decision: 'denied', reason: 'visa_days_used_up' });
    visit({ at: '2026-03-04T10:01:00Z', memberId: 'cc-3', ...cedar, overrideStaffId: 1, overrideReason: 'board member' });
    visit({ at: '2026-03-05T10:00:00Z', kind: 'day_pass', memberId: 'cc-4', ...cedar, guestId: guest('Dennis'), price: '15.00', currency: 'EUR' });
    // Harbour's own member on two days; Spreewerk only denied (no line).
    visit({ at: '2026-03-02T09:00:00Z', kind: 'member', reason: 'member', memberId: 'hw-1', homeSpaceId: 'harbour', homeSpaceName: 'Harbour Works' });
    visit({ at: '2026-03-10T09:00:00Z', kind: 'member', reason: 'member', memberId: 'hw-1', homeSpaceId: 'harbour', homeSpaceName: 'Harbour Works' });
    visit({ at: '2026-03-11T09:00:00Z', memberId: 'sw-1', homeSpaceId: 'spree', homeSpaceName: 'Spreewerk', decision: 'denied', reason: 'notice_required' });
    // Guests without a home space: passes in two currencies, one voided; an unknown badge.
    visit({ at: '2026-03-06T10:00:00Z', kind: 'day_pass', guestId: guest('Walk In'), price: '15.00', currency: 'EUR' });
    visit({ at: '2026-03-07T10:00:00Z', kind: 'day_pass', guestId: guest('Second'), price: '12.50', currency: 'EUR' });
    visit({ at: '2026-03-07T11:00:00Z', kind: 'day_pass', guestId: guest('Tourist'), price: '25.50', currency: 'USD' });
    visit({
      at: '2026-03-08T10:00:00Z',
      kind: 'day_pass',
      guestId: guest('Refunded'),
      price: '15.00',
      currency: 'EUR',
      voidedAt: '2026-03-08T10:10:00Z',
      voidedBy: 1,
      voidReason: 'refund',
    });
    visit({ at: '2026-03-09T10:00:00Z', kind: null, decision: 'denied', reason: 'unknown_credential', credentialValue: 'NOBODY' });
    // April: Ada once; a voided override still counts as an override.
    visit({ at: '2026-04-01T10:00:00Z', memberId: 'cc-1', ...cedar });
    visit({
      at: '2026-04-02T10:00:00Z',
      memberId: 'cc-2',
      ...cedar,
      overrideStaffId: 1,
      overrideReason: 'ok',
      voidedAt: '2026-04-02T11:00:00Z',
      voidedBy: 1,
      voidReason: 'left',
    });
    return log;
  }

  it('counts visa days, visitors, day passes and their totals per currency, overrides and voids', async () => {
    const { db } = handBuiltLog();
    const lines = await jsonLines((out) => exportSpaceReport(db, { from: '2026-03-01', to: '2026-04-30' }, 'json', out));
    expect(lines).toEqual([
      {
        month: '2026-03',
        homeSpaceId: 'cedar',
        homeSpaceName: 'Cedar Commons',
        visaDays: 3,
        visitors: 3,
        dayPasses: 1,
        dayPassTotals: { EUR: '15.00' },
        overrides: 1,
        voids: 1,
      },
      {
        month: '2026-03',
        homeSpaceId: 'harbour',
        homeSpaceName: 'Harbour Works',
        visaDays: 0,
        visitors: 1,
        dayPasses: 0,
        dayPassTotals: {},
        overrides: 0,
        voids: 0,
      },
      {
        month: '2026-03',
        homeSpaceId: null,
        homeSpaceName: null,
        visaDays: 0,
        visitors: 3,
        dayPasses: 3,
        dayPassTotals: { EUR: '27.50', USD: '25.50' },
        overrides: 0,
        voids: 1,
      },
      {
        month: '2026-04',
        homeSpaceId: 'cedar',
        homeSpaceName: 'Cedar Commons',
        visaDays: 1,
        visitors: 1,
        dayPasses: 0,
        dayPassTotals: {},
        overrides: 1,
        voids: 1,
      },
    ]);
  });

  it('CSV: one total column per currency sold in the range', async () => {
    const { db } = handBuiltLog();
    const sink = collector();
    await exportSpaceReport(db, { from: '2026-03-01', to: '2026-03-31' }, 'csv', sink.out, { bom: true });
    expect(sink.text()).toBe(
      '\uFEFFmonth,home_space_id,home_space_name,visa_days,visitors,day_passes,day_pass_total_EUR,day_pass_total_USD,overrides,voids\r\n' +
        '2026-03,cedar,Cedar Commons,3,3,1,15.00,0.00,1,1\r\n' +
        '2026-03,harbour,Harbour Works,0,1,0,0.00,0.00,0,0\r\n' +
        '2026-03,,,0,3,3,27.50,25.50,0,1\r\n',
    );
  });

  it('a range is cut at its local dates, not at month boundaries', async () => {
    const { db } = handBuiltLog();
    const lines = await jsonLines((out) => exportSpaceReport(db, { from: '2026-03-03', to: '2026-03-03' }, 'json', out));
    expect(lines).toEqual([
      {
        month: '2026-03',
        homeSpaceId: 'cedar',
        homeSpaceName: 'Cedar Commons',
        visaDays: 1,
        visitors: 1,
        dayPasses: 0,
        dayPassTotals: {},
        overrides: 0,
        voids: 1,
      },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { checkNoticeWindow, earliestVisitDate } from '../../core/registry/notice-window';

const LISBON = 'Europe/Lisbon';
const TOKYO = 'Asia/Tokyo';

describe('the notice window for announcing a visit', () => {
  it('takes today when the host asks no notice, and refuses yesterday', () => {
    const now = new Date('2026-12-05T23:30:00Z');
    expect(earliestVisitDate(now, LISBON, 0)).toBe('2026-12-05');
    expect(checkNoticeWindow(now, '2026-12-05', LISBON, 0)).toEqual({ ok: true });
    expect(checkNoticeWindow(now, '2026-12-04', LISBON, 0)).toEqual({ ok: false, problem: 'past', earliest: '2026-12-05' });
  });

  it("counts the notice hours to the start of the visit's day at the host, in the host's time zone", () => {
    // 10:00 in Lisbon with 24 hours' notice: tomorrow starts in 14 hours, so the day after.
    const now = new Date('2026-12-05T10:00:00Z');
    expect(earliestVisitDate(now, LISBON, 24)).toBe('2026-12-07');
    expect(checkNoticeWindow(now, '2026-12-06', LISBON, 24)).toEqual({ ok: false, problem: 'inside_notice', earliest: '2026-12-07' });
    expect(checkNoticeWindow(now, '2026-12-07', LISBON, 24)).toEqual({ ok: true });
    // The same instant is 19:00 in Tokyo: 5 hours to midnight, 12 hours' notice needs the day after tomorrow.
    expect(earliestVisitDate(now, TOKYO, 12)).toBe('2026-12-07');
    expect(earliestVisitDate(now, TOKYO, 5)).toBe('2026-12-06');
  });

  it('keeps the rule across a daylight-saving change (Lisbon, 29 March 2026: the night has 23 hours)', () => {
    const now = new Date('2026-03-28T01:00:00Z');
    expect(earliestVisitDate(now, LISBON, 46)).toBe('2026-03-30');
    expect(earliestVisitDate(now, LISBON, 45)).toBe('2026-03-30');
    expect(earliestVisitDate(now, LISBON, 22)).toBe('2026-03-29');
  });

  it('refuses a date more than a year ahead', () => {
    expect(checkNoticeWindow(new Date('2026-12-05T10:00:00Z'), '2028-01-01', LISBON, 0)).toMatchObject({ ok: false, problem: 'too_far' });
  });
});

import { describe, expect, it } from 'vitest';
import { isCalendarDate, isTimezone, localDate, monthOf } from '../../core/calendar';

describe('local calendar', () => {
  it('the same instant is on different dates in different spaces', () => {
    const at = new Date('2026-12-31T23:30:00Z');
    expect(localDate(at, 'Europe/London')).toBe('2026-12-31');
    expect(localDate(at, 'Europe/Berlin')).toBe('2027-01-01');
    expect(localDate(at, 'America/Los_Angeles')).toBe('2026-12-31');
    expect(localDate(at, 'Australia/Melbourne')).toBe('2027-01-01');
  });

  it('knows month lengths, leap years included', () => {
    expect(monthOf('2028-02-10')).toEqual({ first: '2028-02-01', last: '2028-02-29' });
    expect(monthOf('2026-02-10')).toEqual({ first: '2026-02-01', last: '2026-02-28' });
    expect(monthOf('2026-12-31')).toEqual({ first: '2026-12-01', last: '2026-12-31' });
  });

  it('tells real dates and timezones from typos', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2026-2-3')).toBe(false);
    expect(isTimezone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isTimezone('Mars/Olympus_Mons')).toBe(false);
    expect(() => localDate(new Date(), 'Mars/Olympus_Mons')).toThrow(/unknown timezone/);
  });
});

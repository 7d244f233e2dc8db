import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isCalendarDate, isTimezone, localClock, localDate, monthOf } from '../../core/calendar';

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

  it('keeps the day it found for the next tap, and still turns the date at local midnight, DST days included', () => {
    const zones = ['Europe/Berlin', 'America/Sao_Paulo', 'Asia/Beirut', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Havana', 'UTC'];
    // Instants clustered around midnights and DST changes, asked in any order, must agree with luxon asked afresh.
    const instant = fc.oneof(
      fc.date({ min: new Date('1995-01-01T00:00:00Z'), max: new Date('2045-01-01T00:00:00Z'), noInvalidDate: true }),
      fc
        .tuple(fc.integer({ min: 0, max: 3650 }), fc.integer({ min: -7_200_000, max: 7_200_000 }))
        .map(([day, ms]) => new Date(Date.UTC(2024, 0, 1) + day * 86_400_000 + ms)),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(instant, fc.constantFrom(...zones)), { minLength: 1, maxLength: 40 }), (asks) => {
        for (const [at, zone] of asks) expect(localDate(at, zone)).toBe(DateTime.fromJSDate(at, { zone }).toISODate());
      }),
      { numRuns: 300 },
    );
    // Taps in time order through the two days around each clock change.
    const changes: [string, string][] = [
      ['Europe/Berlin', '2026-03-29T01:00:00Z'],
      ['Europe/Berlin', '2026-10-25T01:00:00Z'],
      ['America/Sao_Paulo', '2018-11-04T03:00:00Z'],
      ['Australia/Lord_Howe', '2026-10-04T15:30:00Z'],
    ];
    for (const [zone, change] of changes) {
      for (let ms = Date.parse(change) - 36 * 3_600_000; ms < Date.parse(change) + 36 * 3_600_000; ms += 600_000) {
        expect(localDate(new Date(ms), zone)).toBe(DateTime.fromMillis(ms, { zone }).toISODate());
      }
    }
    // Samoa skipped 2011-12-30 altogether: the day before ends where the day after begins.
    expect(localDate(new Date('2011-12-30T09:59:59Z'), 'Pacific/Apia')).toBe('2011-12-29');
    expect(localDate(new Date('2011-12-30T10:00:00Z'), 'Pacific/Apia')).toBe('2011-12-31');
  });

  it('month bounds agree with the calendar for every month', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }), (at) => {
        const day = DateTime.fromJSDate(at, { zone: 'UTC' });
        expect(monthOf(day.toISODate()!)).toEqual({ first: day.startOf('month').toISODate(), last: day.endOf('month').toISODate() });
      }),
    );
  });
  it('the local clock of an export agrees with the zone database to the second, across clock changes and odd offsets', () => {
    const zones = [
      'Europe/Lisbon',
      'Europe/Berlin',
      'America/St_Johns',
      'Asia/Kathmandu',
      'Pacific/Chatham',
      'Australia/Lord_Howe',
      'Pacific/Apia',
      'Africa/Monrovia',
    ];
    const clocks = new Map(zones.map((zone) => [zone, localClock(zone)]));
    const expected = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.date({ min: new Date('1960-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom(...zones)),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        (asks) => {
          for (const [at, zone] of asks) expect(clocks.get(zone)!(at.toISOString())).toBe(expected(at.getTime(), zone));
        },
      ),
      { numRuns: 300 },
    );
    // Every minute of the two days around a clock change, each second of some, in any order.
    for (const [zone, change] of [
      ['Europe/Berlin', '2026-10-25T01:00:00Z'],
      ['Australia/Lord_Howe', '2026-10-04T15:30:00Z'],
      ['America/St_Johns', '2026-03-08T05:30:00Z'],
    ] as const) {
      const clock = localClock(zone);
      for (let ms = Date.parse(change) + 36 * 3_600_000; ms > Date.parse(change) - 36 * 3_600_000; ms -= 60_000 - 7_000) {
        expect(clock(new Date(ms).toISOString())).toBe(expected(ms, zone));
      }
    }
    // Clocks changed within a quarter hour (UTC): whichever instant of that quarter comes first, each gets its own offset.
    for (const [zone, before, after] of [
      ['America/St_Johns', '2010-03-14T03:30:30.000Z', '2010-03-14T03:31:30.000Z'],
      ['Antarctica/Casey', '2020-10-03T16:00:30.000Z', '2020-10-03T16:05:00.000Z'],
      ['Asia/Gaza', '2011-03-31T22:00:30.000Z', '2011-03-31T22:10:00.000Z'],
      ['Africa/Monrovia', '1972-01-07T00:44:00.000Z', '1972-01-07T00:44:40.000Z'],
    ] as const) {
      for (const order of [
        [before, after],
        [after, before],
      ]) {
        const clock = localClock(zone);
        for (const iso of order) expect(clock(iso), `${zone} ${iso}`).toBe(expected(Date.parse(iso), zone));
      }
    }
    // Monrovia kept 44 min 30 s behind UTC until 1972: an offset off the quarter hours.
    expect(localClock('Africa/Monrovia')('1965-06-01T12:00:00.000Z')).toBe(expected(Date.parse('1965-06-01T12:00:00Z'), 'Africa/Monrovia'));
  });
});

import { DateTime, IANAZone } from 'luxon';

/** True when the name is an IANA timezone this runtime knows (e.g. "Europe/Berlin"). */
export function isTimezone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

function inZone(at: Date, timezone: string): DateTime {
  const local = DateTime.fromJSDate(at, { zone: timezone });
  if (!local.isValid) throw new RangeError(`unknown timezone "${timezone}"`);
  return local;
}

/** Per zone, the local day that held the last instant asked about: taps mostly fall on the same day. */
const lastDay = new Map<string, { start: number; end: number; date: string }>();

/** The date on the wall calendar of `timezone` at instant `at`, as YYYY-MM-DD. */
export function localDate(at: Date, timezone: string): string {
  const t = at.getTime();
  const day = lastDay.get(timezone);
  if (day && t >= day.start && t < day.end) return day.date;
  const start = inZone(at, timezone).startOf('day');
  // Days last 23 to 25 hours, and some began at 01:00 (DST at midnight): the next day's own start ends this one.
  const known = { start: start.toMillis(), end: start.plus({ days: 1 }).startOf('day').toMillis(), date: start.toISODate() as string };
  lastDay.set(timezone, known);
  return known.date;
}

/** The first and last local dates of the calendar month that contains `date` (YYYY-MM-DD). */
export function monthOf(date: string): { first: string; last: string } {
  const [year, month] = date.split('-').map(Number) as [number, number];
  // Day 0 of the next month is the last day of this one.
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const prefix = date.slice(0, 7);
  return { first: `${prefix}-01`, last: `${prefix}-${String(days).padStart(2, '0')}` };
}

/** True when a YYYY-MM-DD string names a real calendar day (not 2026-02-30). */
export function isCalendarDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && DateTime.fromISO(date, { zone: 'UTC' }).isValid;
}

/** Hours elapsed from `from` to `to`; negative when `to` is earlier. */
export function hoursBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / 3_600_000;
}

/**
 * The wall-clock time of `timezone` for an ISO instant, with its UTC offset:
 * "2026-10-25T01:30:00+01:00". Offsets only change on quarter hours, so each quarter hour's
 * offset is asked once (a day's visits come in any order of their times): an export writes a million of these.
 */
export function localClock(timezone: string): (iso: string) => string {
  const zone = IANAZone.create(timezone);
  if (!zone.isValid) throw new RangeError(`unknown timezone "${timezone}"`);
  const offsets = new Map<number, number>();
  return (iso) => {
    const ms = Date.parse(iso);
    const quarter = Math.floor(ms / 900_000);
    let offset = offsets.get(quarter);
    if (offset === undefined) {
      // A year of quarter hours is 35,040: a log of many years starts the memo again rather than grow.
      if (offsets.size >= 100_000) offsets.clear();
      offsets.set(quarter, (offset = zone.offset(ms)));
    }
    const sign = offset < 0 ? '-' : '+';
    const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
    const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
    return `${new Date(ms + offset * 60_000).toISOString().slice(0, 19)}${sign}${hours}:${minutes}`;
  };
}

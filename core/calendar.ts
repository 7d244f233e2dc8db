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

const QUARTER_MS = 900_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

/** A quarter hour's wall clock: its local "YYYY-MM-DDTHH:", its first local minute, its "+HH:MM". */
interface Quarter {
  head: string;
  minute: number;
  offset: string;
}

/** "+HH:MM"; seconds of a local mean time's offset (Monrovia's −0:44:30) are left off, as RFC 3339 has none. */
function offsetText(offset: number): string {
  const minutes = Math.floor(Math.abs(offset));
  return `${offset < 0 ? '-' : '+'}${TWO_DIGITS[Math.floor(minutes / 60)]}:${TWO_DIGITS[minutes % 60]}`;
}

/**
 * The wall-clock time of `timezone` for an ISO instant, with its UTC offset:
 * "2026-10-25T01:30:00+01:00". An export writes a million of these, a day's visits in any order
 * of their times: each quarter hour (UTC) is looked up once, and in one whose offset is the same
 * at its first and last millisecond, on a quarter hour of its own, an instant only adds its
 * minutes and seconds to the quarter's local start. A quarter in which the offset changes (most
 * zones change on the hour, St John's at 00:01 local, Monrovia once at 00:44:30 UTC) is worked
 * out instant by instant.
 */
export function localClock(timezone: string): (iso: string) => string {
  const zone = IANAZone.create(timezone);
  if (!zone.isValid) throw new RangeError(`unknown timezone "${timezone}"`);
  const quarters = new Map<number, Quarter | null>();
  const whole = (ms: number) => {
    const offset = zone.offset(ms);
    return `${new Date(ms + offset * 60_000).toISOString().slice(0, 19)}${offsetText(offset)}`;
  };
  return (iso) => {
    const ms = Date.parse(iso);
    const index = Math.floor(ms / QUARTER_MS);
    let quarter = quarters.get(index);
    if (quarter === undefined) {
      // A year of quarter hours is 35,040: a log of many years starts the memo again rather than grow.
      if (quarters.size >= 100_000) quarters.clear();
      const offset = zone.offset(index * QUARTER_MS);
      const start = new Date(index * QUARTER_MS + offset * 60_000).toISOString();
      const steady = offset === zone.offset((index + 1) * QUARTER_MS - 1) && offset % 15 === 0;
      quarter = steady ? { head: start.slice(0, 14), minute: Number(start.slice(14, 16)), offset: offsetText(offset) } : null;
      quarters.set(index, quarter);
    }
    if (quarter === null) return whole(ms);
    const within = ms - index * QUARTER_MS;
    return `${quarter.head}${TWO_DIGITS[quarter.minute + Math.floor(within / 60_000)]}:${TWO_DIGITS[Math.floor((within % 60_000) / 1000)]}${quarter.offset}`;
  };
}

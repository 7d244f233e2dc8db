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

/** The date on the wall calendar of `timezone` at instant `at`, as YYYY-MM-DD. */
export function localDate(at: Date, timezone: string): string {
  return inZone(at, timezone).toISODate() as string;
}

/** The first and last local dates of the calendar month that contains `date` (YYYY-MM-DD). */
export function monthOf(date: string): { first: string; last: string } {
  const day = DateTime.fromISO(date, { zone: 'UTC' });
  return { first: day.startOf('month').toISODate() as string, last: day.endOf('month').toISODate() as string };
}

/** True when a YYYY-MM-DD string names a real calendar day (not 2026-02-30). */
export function isCalendarDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && DateTime.fromISO(date, { zone: 'UTC' }).isValid;
}

/** Hours elapsed from `from` to `to`; negative when `to` is earlier. */
export function hoursBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / 3_600_000;
}

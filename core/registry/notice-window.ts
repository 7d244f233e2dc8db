import { DateTime } from 'luxon';

/**
 * When a visit can still be announced: the time of announcing plus the host's notice hours must
 * fall before the start of that day at the host. With no notice asked, today is fine.
 */

/** How far ahead a visit can be announced. */
export const ANNOUNCE_MAX_DAYS = 366;

export type NoticeCheck = { ok: true } | { ok: false; problem: 'past' | 'inside_notice' | 'too_far'; earliest: string };

function startOf(date: string, timezone: string): DateTime {
  const start = DateTime.fromISO(date, { zone: timezone }).startOf('day');
  if (!start.isValid) throw new RangeError(`"${date}" is not a date in ${timezone}`);
  return start;
}

/** The first date (YYYY-MM-DD, the host's calendar) a visit announced at `now` can be for. */
export function earliestVisitDate(now: Date, timezone: string, noticeHours: number): string {
  const ready = DateTime.fromJSDate(now, { zone: timezone }).plus({ hours: noticeHours });
  if (noticeHours === 0) return ready.toISODate()!;
  const day = ready.startOf('day');
  return (day.equals(ready) ? day : day.plus({ days: 1 })).toISODate()!;
}

export function checkNoticeWindow(now: Date, date: string, timezone: string, noticeHours: number): NoticeCheck {
  const earliest = earliestVisitDate(now, timezone, noticeHours);
  const today = DateTime.fromJSDate(now, { zone: timezone }).startOf('day');
  const start = startOf(date, timezone);
  if (start < today) return { ok: false, problem: 'past', earliest };
  if (date < earliest) return { ok: false, problem: 'inside_notice', earliest };
  if (start > today.plus({ days: ANNOUNCE_MAX_DAYS })) return { ok: false, problem: 'too_far', earliest };
  return { ok: true };
}

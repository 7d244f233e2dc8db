/** The longest a source ever waits between sign-in tries: long enough to make guessing hopeless, short enough never to lock the coordinator out. */
export const MAX_DELAY_SECONDS = 60;

/** A source's failures are forgotten after a quiet day. */
export const FORGET_AFTER_MS = 24 * 3600 * 1000;

/** Seconds a source waits after `failures` wrong passwords in a row: none after one (a typo), then 1, 2, 4, 8 … up to a minute. */
export function delayAfter(failures: number): number {
  if (failures <= 1) return 0;
  return Math.min(MAX_DELAY_SECONDS, 2 ** (failures - 2));
}

/** Whole seconds the source must still wait at `nowMs`, 0 when it may try again. */
export function secondsToWait(failures: number, lastAtMs: number, nowMs: number): number {
  if (nowMs - lastAtMs >= FORGET_AFTER_MS) return 0;
  return Math.max(0, Math.ceil((lastAtMs + delayAfter(failures) * 1000 - nowMs) / 1000));
}

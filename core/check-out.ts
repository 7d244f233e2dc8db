import { z } from 'zod';

/** What a repeat tap does while its visitor is on site: ask "Check out?" (the default) or check out at once. */
export const RepeatTapSetting = z.enum(['ask', 'check-out']);
export type RepeatTapSetting = z.infer<typeof RepeatTapSetting>;

/**
 * A tap soon after arriving (or coming back) is a second tap at the door, never a leaving: even
 * with `check-out` set, it only asks.
 */
export const CHECK_OUT_GRACE_SECONDS = 120;

export interface RepeatTapFacts {
  at: Date;
  /** When the visitor was last let in today: their check-in, or their return after a check-out. */
  inSince: Date;
  /** True when the visitor checked out earlier today and has not come back since. */
  checkedOut: boolean;
  setting: RepeatTapSetting;
}

/** What happens to a visitor already admitted today who taps again. */
export type RepeatTap = 'check_back_in' | 'ask' | 'check_out';

/**
 * Coming back after a check-out (from lunch) checks the visitor in again on the same visit, no new
 * visa day; on site, a tap asks before checking out unless the space chose otherwise.
 */
export function repeatTap({ at, inSince, checkedOut, setting }: RepeatTapFacts): RepeatTap {
  if (checkedOut) return 'check_back_in';
  if (setting !== 'check-out') return 'ask';
  return at.getTime() - inSince.getTime() < CHECK_OUT_GRACE_SECONDS * 1000 ? 'ask' : 'check_out';
}

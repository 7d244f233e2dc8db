import { KioskError } from '../core/errors.js';
import { monotonicMs, TokenBucket, type Rate } from './token-bucket.js';

/**
 * Calls a person makes with a tap or a button: a few a second at most. Each one also says
 * whether a badge or member exists, so a faster stream is a guess at badges, not a visitor.
 */
export const PERSON_PACED: ReadonlySet<string> = new Set(['checkin', 'signIn', 'checkinMember', 'sellDayPass', 'callStaff']);

/** Per client (a screen's socket, the kiosk window): a queue of people tapping fits easily in a burst. */
export const TAP_RATE: Rate = { burst: 20, perSecond: 4 };
/** Every call, tapped or not: far above what a screen asks while it is being used. */
export const CALL_RATE: Rate = { burst: 200, perSecond: 50 };

export type Limited = 'taps' | 'calls';

/** One client's limits: which one a call is over, or null when it may go ahead. */
export class CallLimits {
  private readonly calls: TokenBucket;
  private readonly taps: TokenBucket;

  constructor(now: () => number = monotonicMs) {
    this.calls = new TokenBucket(CALL_RATE, now);
    this.taps = new TokenBucket(TAP_RATE, now);
  }

  over(method: string): Limited | null {
    if (PERSON_PACED.has(method) && !this.taps.take()) return 'taps';
    return this.calls.take() ? null : 'calls';
  }
}

/** The refusal a caller over a limit hears: never a silent drop. */
export function rateLimited(limit: Limited): KioskError {
  return new KioskError(limit === 'taps' ? 'too many taps: wait a moment, then tap again' : 'too many requests at once: wait a moment', 'rate_limited');
}

/** A screen past its day passes for visitors (service/flood-guard.ts). */
export function tooManyDayPasses(): KioskError {
  return new KioskError('too many day passes from this screen just now: please ask the front desk', 'day_pass_limit');
}

/** A screen past its calls for staff (service/flood-guard.ts): the desk has its earlier calls. */
export function tooManyCalls(): KioskError {
  return new KioskError('too many calls for staff from this screen just now: please go to the front desk', 'rate_limited');
}

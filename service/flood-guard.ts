import { KeyedBuckets, monotonicMs, type Rate } from './token-bucket.js';

/**
 * Unknown badges logged as visits, per screen or reader: a few people with unregistered cards
 * at once fit in the burst; a stream of made-up badges does not fill the day's list.
 */
export const UNKNOWN_LOGGED_RATE: Rate = { burst: 20, perSecond: 1 / 3 };
/**
 * Taps from one source, all its sockets together: the screens of one front desk share it with
 * room to spare; a program opening socket after socket to guess badges does not get past it.
 */
export const SOURCE_TAP_RATE: Rate = { burst: 40, perSecond: 8 };
/**
 * Day passes sold at one source with nobody signed in: each is a visit, a guest's details and a
 * printed badge, and a visitor takes a minute over the form. A queue of guests fits in the burst;
 * a stream of made-up buyers neither fills the day's list nor empties the label roll.
 */
export const VISITOR_DAY_PASS_RATE: Rate = { burst: 10, perSecond: 1 / 15 };
/**
 * Calls for staff from one source with nobody signed in: each is kept, rings every staff screen
 * and posts to the team's webhook. A few denied visitors at once fit in the burst; a screen
 * calling several times a second does not flood the team's channel.
 */
export const VISITOR_CALL_RATE: Rate = { burst: 5, perSecond: 1 / 30 };
export const SUMMARY_EVERY_MS = 60_000;

/** What one screen or reader did past its limits in one summary's minute. */
export interface FloodCount {
  source: string;
  /** Unknown badges answered "denied" but not logged one by one. */
  unknownNotLogged: number;
  /** Taps refused as too many (the caller heard "too many taps"). */
  tapsRefused: number;
}

export interface FloodGuardOptions {
  now?: () => number;
  /** Runs `run` once after `ms`; returns how to cancel it. */
  after?: (ms: number, run: () => void) => () => void;
  warn?: (line: string) => void;
}

const timer = (ms: number, run: () => void) => {
  const handle = setTimeout(run, ms).unref();
  return () => clearTimeout(handle);
};

/**
 * The limits of each source (a screen's address, a reader, the kiosk window), whatever its
 * connections: past them, its unknown badges are not logged and its taps are refused, both
 * only counted, and `report` gets one summary a minute of the counts.
 */
export class FloodGuard {
  private readonly buckets: KeyedBuckets;
  private readonly taps: KeyedBuckets;
  private readonly dayPasses: KeyedBuckets;
  private readonly calls: KeyedBuckets;
  private readonly counts = new Map<string, FloodCount>();
  private cancel: (() => void) | null = null;
  private readonly after: NonNullable<FloodGuardOptions['after']>;

  constructor(
    private readonly report: (counts: FloodCount[]) => void,
    private readonly options: FloodGuardOptions = {},
  ) {
    this.buckets = new KeyedBuckets(UNKNOWN_LOGGED_RATE, options.now ?? monotonicMs);
    this.taps = new KeyedBuckets(SOURCE_TAP_RATE, options.now ?? monotonicMs);
    this.dayPasses = new KeyedBuckets(VISITOR_DAY_PASS_RATE, options.now ?? monotonicMs);
    this.calls = new KeyedBuckets(VISITOR_CALL_RATE, options.now ?? monotonicMs);
    this.after = options.after ?? timer;
  }

  /** True when this unknown badge is to be logged as a visit; false when it is only counted. */
  logUnknown(source: string): boolean {
    if (this.buckets.take(source)) return true;
    this.count(source).unknownNotLogged++;
    return false;
  }

  /**
   * `logUnknown` for a write that may be rolled back (and tried again when the database was
   * busy): `undo` gives back the tokens it took and the badges it counted, so a retried tap is
   * one tap to the limit and the summary.
   */
  tentative(): { logUnknown: (source: string) => boolean; undo: () => void } {
    const taken: string[] = [];
    const counted: string[] = [];
    return {
      logUnknown: (source) => {
        const logged = this.logUnknown(source);
        (logged ? taken : counted).push(source);
        return logged;
      },
      undo: () => {
        for (const source of taken.splice(0)) this.buckets.giveBack(source);
        for (const source of counted.splice(0)) this.uncount(source);
      },
    };
  }

  /** True when one more tap from this source may be decided; false (and counted) when it taps too fast. */
  tapAllowed(source: string): boolean {
    if (this.taps.take(source)) return true;
    this.tapRefused(source);
    return false;
  }

  /** True when a visitor at this source may buy one more day pass now. */
  dayPassAllowed(source: string): boolean {
    return this.dayPasses.take(source);
  }

  /** True when a visitor at this source may call staff once more now. */
  callAllowed(source: string): boolean {
    return this.calls.take(source);
  }

  /** A tap refused by a narrower limit (one socket's). */
  tapRefused(source: string): void {
    this.count(source).tapsRefused++;
  }

  /** Reports what was counted; kept for the next summary when it cannot be written now. */
  flush(): void {
    this.cancel?.();
    this.cancel = null;
    if (this.counts.size === 0) return;
    try {
      this.report([...this.counts.values()]);
      this.counts.clear();
    } catch (error) {
      this.options.warn?.(`the summary of a badge flood was not written: ${(error as Error).message}`);
      this.schedule();
    }
  }

  /** Writes what is counted, and schedules nothing more. */
  close(): void {
    this.flush();
    this.cancel?.();
    this.cancel = null;
  }

  private count(source: string): FloodCount {
    let count = this.counts.get(source);
    if (!count) {
      count = { source, unknownNotLogged: 0, tapsRefused: 0 };
      this.counts.set(source, count);
    }
    this.schedule();
    return count;
  }

  private uncount(source: string): void {
    const count = this.counts.get(source);
    if (!count) return;
    count.unknownNotLogged--;
    if (count.unknownNotLogged === 0 && count.tapsRefused === 0) this.counts.delete(source);
  }

  private schedule(): void {
    this.cancel ??= this.after(SUMMARY_EVERY_MS, () => {
      this.cancel = null;
      this.flush();
    });
  }
}

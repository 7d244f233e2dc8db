import { describe, expect, it } from 'vitest';
import { CALL_RATE, CallLimits, PERSON_PACED, rateLimited, TAP_RATE } from '../../service/call-limits';
import { FloodGuard, SOURCE_TAP_RATE, SUMMARY_EVERY_MS, UNKNOWN_LOGGED_RATE, type FloodCount } from '../../service/flood-guard';
import { KeyedBuckets, TokenBucket } from '../../service/token-bucket';

/** How many of `n` events at one instant a take() lets through. */
const passed = (take: () => boolean, n: number) => Array.from({ length: n }, take).filter(Boolean).length;

describe('a token bucket', () => {
  it('lets its burst through at once, then its rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ burst: 5, perSecond: 2 }, () => now);
    expect(passed(() => bucket.take(), 50)).toBe(5);
    now += 499;
    expect(bucket.take()).toBe(false);
    now += 1;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    // An hour idle refills it to its burst, not beyond.
    now += 3_600_000;
    expect(passed(() => bucket.take(), 50)).toBe(5);
  });

  it('a clock that goes back refills nothing', () => {
    let now = 10_000;
    const bucket = new TokenBucket({ burst: 1, perSecond: 1 }, () => now);
    expect(bucket.take()).toBe(true);
    now = 0;
    expect(bucket.take()).toBe(false);
    now = 999;
    expect(bucket.take()).toBe(false);
    now = 1000;
    expect(bucket.take()).toBe(true);
  });

  it('one per key; buckets that refilled are forgotten, so keys that come and go do not pile up', () => {
    let now = 0;
    const buckets = new KeyedBuckets({ burst: 2, perSecond: 1 }, () => now, 10);
    expect(passed(() => buckets.take('a'), 5)).toBe(2);
    expect(passed(() => buckets.take('b'), 5)).toBe(2);
    for (let i = 0; i < 100; i++) {
      now += 5_000;
      buckets.take(`screen ${i}`);
    }
    expect(buckets.size).toBeLessThanOrEqual(11);
  });
});

describe('a client’s call limits', () => {
  it('taps (check-in, sign-in, …) at a person’s pace; other calls at a generous one', () => {
    let now = 0;
    const limits = new CallLimits(() => now);
    expect(passed(() => limits.over('checkin') === null, 100)).toBe(TAP_RATE.burst);
    expect(limits.over('signIn')).toBe('taps');
    expect(limits.over('kioskInfo')).toBe(null);
    now += 1000;
    expect(passed(() => limits.over('checkin') === null, 20)).toBe(TAP_RATE.perSecond);
    const fresh = new CallLimits(() => now);
    expect(passed(() => fresh.over('kioskInfo') === null, 10_000)).toBe(CALL_RATE.burst);
    expect(fresh.over('checkin')).toBe('calls');
  });

  it('every call that tells whether a badge or member exists is paced as a tap', () => {
    expect([...PERSON_PACED].sort()).toEqual(['callStaff', 'checkin', 'checkinMember', 'sellDayPass', 'signIn']);
  });

  it('a refusal says what to do, with its own code', () => {
    expect(rateLimited('taps')).toMatchObject({ code: 'rate_limited', message: 'too many taps: wait a moment, then tap again' });
    expect(rateLimited('calls')).toMatchObject({ code: 'rate_limited', message: 'too many requests at once: wait a moment' });
  });
});

describe('the badge-flood guard', () => {
  function guard() {
    let now = 0;
    const reports: FloodCount[][] = [];
    const timers: { ms: number; run: () => void; cancelled: boolean }[] = [];
    let failing = false;
    const warnings: string[] = [];
    const flood = new FloodGuard(
      (counts) => {
        if (failing) throw new Error('the database is locked');
        reports.push(structuredClone(counts));
      },
      {
        now: () => now,
        after: (ms, run) => {
          const timer = { ms, run, cancelled: false };
          timers.push(timer);
          return () => (timer.cancelled = true);
        },
        warn: (line) => warnings.push(line),
      },
    );
    const fire = () => timers.filter((t) => !t.cancelled).forEach((t) => ((t.cancelled = true), t.run()));
    return { flood, reports, timers, warnings, fire, tick: (ms: number) => (now += ms), fail: (on: boolean) => (failing = on) };
  }

  it('logs a source’s unknown badges up to its limit, then counts them; each source has its own', () => {
    const { flood, tick } = guard();
    expect(passed(() => flood.logUnknown('screen at 10.0.0.7'), 3000)).toBe(UNKNOWN_LOGGED_RATE.burst);
    expect(flood.logUnknown('reader desk')).toBe(true);
    tick(3000);
    expect(flood.logUnknown('screen at 10.0.0.7')).toBe(true);
    expect(flood.logUnknown('screen at 10.0.0.7')).toBe(false);
  });

  it('a check-in that was not saved (and is tried again) gives back what it took: the retried tap is one tap to the limit and the summary', () => {
    const { flood, fire, reports } = guard();
    expect(passed(() => flood.logUnknown('reader desk'), UNKNOWN_LOGGED_RATE.burst - 1)).toBe(UNKNOWN_LOGGED_RATE.burst - 1);
    // Five tries of one tap, the first four rolled back: it still gets the last token.
    for (let tries = 0; tries < 4; tries++) {
      const attempt = flood.tentative();
      expect(attempt.logUnknown('reader desk')).toBe(true);
      attempt.undo();
    }
    expect(flood.tentative().logUnknown('reader desk')).toBe(true);
    // Past the limit, a rolled-back try is not counted as a badge left unlogged; the saved one is.
    for (let tries = 0; tries < 3; tries++) {
      const attempt = flood.tentative();
      expect(attempt.logUnknown('reader desk')).toBe(false);
      attempt.undo();
    }
    fire();
    expect(reports).toEqual([]);
    expect(flood.tentative().logUnknown('reader desk')).toBe(false);
    fire();
    expect(reports).toEqual([[{ source: 'reader desk', unknownNotLogged: 1, tapsRefused: 0 }]]);
  });

  it('a source’s taps, all its sockets together, at a front desk’s pace; the refused ones counted', () => {
    const { flood, fire, reports, tick } = guard();
    expect(passed(() => flood.tapAllowed('screen at 10.0.0.7'), 500)).toBe(SOURCE_TAP_RATE.burst);
    expect(flood.tapAllowed('screen at 10.0.0.8')).toBe(true);
    tick(1000);
    expect(passed(() => flood.tapAllowed('screen at 10.0.0.7'), 500)).toBe(SOURCE_TAP_RATE.perSecond);
    fire();
    expect(reports).toEqual([[{ source: 'screen at 10.0.0.7', unknownNotLogged: 0, tapsRefused: 1000 - SOURCE_TAP_RATE.burst - SOURCE_TAP_RATE.perSecond }]]);
  });

  it('one summary a minute: how many, from which screen or reader', () => {
    const { flood, reports, timers, fire } = guard();
    for (let i = 0; i < 3000; i++) flood.logUnknown('screen at 10.0.0.7');
    for (let i = 0; i < 25; i++) flood.logUnknown('reader desk');
    flood.tapRefused('screen at 10.0.0.7');
    expect(reports).toEqual([]);
    expect(timers.map((t) => t.ms)).toEqual([SUMMARY_EVERY_MS]);
    fire();
    expect(reports).toEqual([
      [
        { source: 'screen at 10.0.0.7', unknownNotLogged: 2980, tapsRefused: 1 },
        { source: 'reader desk', unknownNotLogged: 5, tapsRefused: 0 },
      ],
    ]);
    // A quiet minute writes nothing.
    fire();
    expect(reports).toHaveLength(1);
    flood.tapRefused('the kiosk window');
    fire();
    expect(reports[1]).toEqual([{ source: 'the kiosk window', unknownNotLogged: 0, tapsRefused: 1 }]);
  });

  it('a summary that cannot be written is kept for the next minute, and closing writes what is left', () => {
    const { flood, reports, warnings, fire, fail } = guard();
    for (let i = 0; i < 30; i++) flood.logUnknown('reader desk');
    fail(true);
    fire();
    expect(reports).toEqual([]);
    expect(warnings).toEqual(['the summary of a badge flood was not written: the database is locked']);
    flood.tapRefused('reader desk');
    fail(false);
    flood.close();
    expect(reports).toEqual([[{ source: 'reader desk', unknownNotLogged: 10, tapsRefused: 1 }]]);
  });
});

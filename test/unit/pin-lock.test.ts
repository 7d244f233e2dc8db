import { describe, expect, it } from 'vitest';
import {
  accountAfterFailure,
  lockRemaining,
  PIN_LOCK,
  restoredLock,
  screenAfterFailure,
  screenWait,
  triesLeft,
  wholeMinutes,
  type AccountLock,
} from '../../core/pin-lock';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function failures(count: number, start = 0): AccountLock {
  let lock: AccountLock = { failures: 0, lockMs: 0, since: start };
  for (let i = 0; i < count; i++) lock = accountAfterFailure(lock, start + i * 1000);
  return lock;
}

describe('an account’s lock', () => {
  it('counts tries left and locks for five minutes at the fifth wrong PIN', () => {
    expect(triesLeft(failures(1))).toBe(4);
    expect(triesLeft(failures(3))).toBe(2);
    expect(failures(4).lockMs).toBe(0);
    const locked = failures(5);
    expect(locked).toMatchObject({ failures: 0, lockMs: 5 * MINUTE });
    expect(lockRemaining(locked, locked.since)).toBe(5 * MINUTE);
    expect(lockRemaining(locked, locked.since + 4 * MINUTE + 1)).toBe(MINUTE - 1);
    expect(lockRemaining(locked, locked.since + 5 * MINUTE)).toBe(0);
  });

  it('a clock that goes back two days never makes the lock longer than configured', () => {
    const locked = failures(5, 10 * DAY);
    expect(lockRemaining(locked, locked.since - 2 * DAY)).toBe(5 * MINUTE);
    expect(wholeMinutes(lockRemaining(locked, locked.since - 2 * DAY))).toBe(5);
  });

  it('a lock read back after a restart keeps what was left, never more than a whole lock', () => {
    expect(lockRemaining(restoredLock(0, 3 * MINUTE, 42), 42)).toBe(3 * MINUTE);
    expect(lockRemaining(restoredLock(0, 2 * DAY, 42), 42)).toBe(5 * MINUTE);
    expect(lockRemaining(restoredLock(0, -5, 42), 42)).toBe(0);
    expect(restoredLock(99, 0, 0).failures).toBe(PIN_LOCK.maxFailures - 1);
  });

  it('says minutes rounded up, never "0 minutes"', () => {
    expect(wholeMinutes(1)).toBe(1);
    expect(wholeMinutes(MINUTE + 1)).toBe(2);
    expect(wholeMinutes(5 * MINUTE)).toBe(5);
  });
});

describe('a screen’s waits', () => {
  it('three wrong PINs are free, then each wait doubles, up to a whole lock', () => {
    let record = null;
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) {
      record = screenAfterFailure(record, 0);
      waits.push(screenWait(record, 0));
    }
    expect(waits).toEqual([0, 0, 5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });

  it('counts down from the last wrong PIN, and forgets a screen quiet for fifteen minutes', () => {
    let record = null;
    for (let i = 0; i < 4; i++) record = screenAfterFailure(record, 1000);
    expect(screenWait(record, 1000)).toBe(10_000);
    expect(screenWait(record, 8000)).toBe(3000);
    expect(screenWait(record, 11_000)).toBe(0);
    expect(screenAfterFailure(record, 1000 + 15 * MINUTE + 1).failures).toBe(1);
  });

  it('a clock given from before the last wrong PIN never waits longer than the wait itself', () => {
    let record = null;
    for (let i = 0; i < 3; i++) record = screenAfterFailure(record, 10 * DAY);
    expect(screenWait(record, 10 * DAY - 2 * DAY)).toBe(5_000);
  });
});

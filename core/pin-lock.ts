/**
 * The arithmetic of wrong PINs, as pure functions of a monotonic clock (milliseconds that only
 * ever go forward, whatever the wall clock does). Each account locks itself after too many wrong
 * PINs; each screen waits longer and longer between tries once it has guessed wrong a few times.
 */
export interface PinLockPolicy {
  /** Wrong PINs in a row after which an account is locked. */
  maxFailures: number;
  /** How long an account stays locked. */
  lockMs: number;
  /** Wrong PINs from one screen before it must wait between tries. */
  screenFreeTries: number;
  /** The first wait; each further wrong PIN doubles it, up to `lockMs`. */
  screenFirstWaitMs: number;
  /** A screen with no wrong PIN for this long starts afresh. */
  screenForgetMs: number;
}

export const PIN_LOCK: PinLockPolicy = {
  maxFailures: 5,
  lockMs: 5 * 60_000,
  screenFreeTries: 3,
  screenFirstWaitMs: 5_000,
  screenForgetMs: 15 * 60_000,
};

/** An account's wrong PINs in a row, and its lock as the time it had left at `since` (monotonic). */
export interface AccountLock {
  failures: number;
  lockMs: number;
  since: number;
}

/** A lock read back from the database after a restart: what was left, never more than a whole lock. */
export function restoredLock(failures: number, storedLockMs: number, now: number, policy: PinLockPolicy = PIN_LOCK): AccountLock {
  const lockMs = Math.min(Math.max(0, storedLockMs), policy.lockMs);
  return { failures: Math.min(Math.max(0, failures), policy.maxFailures - 1), lockMs, since: now };
}

/** Time the lock still has to run, between none and a whole lock, however the clock was given. */
export function lockRemaining(lock: AccountLock, now: number, policy: PinLockPolicy = PIN_LOCK): number {
  const elapsed = Math.max(0, now - lock.since);
  return Math.min(Math.max(0, lock.lockMs - elapsed), policy.lockMs);
}

/** After a wrong PIN: one more failure, or a whole lock once there are too many. */
export function accountAfterFailure(lock: AccountLock, now: number, policy: PinLockPolicy = PIN_LOCK): AccountLock {
  const failures = lock.failures + 1;
  if (failures >= policy.maxFailures) return { failures: 0, lockMs: policy.lockMs, since: now };
  return { failures, lockMs: 0, since: now };
}

/** Wrong PINs the account takes before it locks. */
export function triesLeft(lock: AccountLock, policy: PinLockPolicy = PIN_LOCK): number {
  return policy.maxFailures - lock.failures;
}

/** One screen's recent wrong PINs, whichever accounts they were for. */
export interface ScreenRecord {
  failures: number;
  lastFailure: number;
}

function current(record: ScreenRecord | null, now: number, policy: PinLockPolicy): ScreenRecord | null {
  return record && now - record.lastFailure <= policy.screenForgetMs ? record : null;
}

/** How long this screen must still wait before its next try is checked; 0 when it may try now. */
export function screenWait(record: ScreenRecord | null, now: number, policy: PinLockPolicy = PIN_LOCK): number {
  const live = current(record, now, policy);
  if (!live || live.failures < policy.screenFreeTries) return 0;
  const wait = Math.min(policy.screenFirstWaitMs * 2 ** (live.failures - policy.screenFreeTries), policy.lockMs);
  return Math.min(Math.max(0, live.lastFailure + wait - now), wait);
}

export function screenAfterFailure(record: ScreenRecord | null, now: number, policy: PinLockPolicy = PIN_LOCK): ScreenRecord {
  return { failures: (current(record, now, policy)?.failures ?? 0) + 1, lastFailure: now };
}

/** Whole minutes, rounded up, for "try again in N minutes". */
export function wholeMinutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

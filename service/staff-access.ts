import type { PinRefusal } from '../core/api/staff.js';
import { Pin } from '../core/api/staff.js';
import { KioskError } from '../core/errors.js';
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
  type PinLockPolicy,
  type ScreenRecord,
} from '../core/pin-lock.js';
import type { Db } from '../db/open.js';
import { staffTable, type StaffRow } from '../db/staff.js';
import { writeTx } from '../db/write-tx.js';
import { verifyPin } from './pin.js';

/**
 * Where a call comes from. `local`: a screen of the kiosk's own machine (its Electron window, a
 * browser on loopback), where a staff badge alone signs in. `id` names the screen in the audit
 * trail and carries its wrong-PIN count: a browser elsewhere is named by its address, so opening
 * a new connection does not start its count afresh. Each connection has its own Screen object, so
 * an event begun at one (service/screen-routing.ts) is known by it.
 */
export interface Screen {
  id: string;
  local: boolean;
  /** The operator's name for it (core/readers.ts ScreenName), which readers are given to; none for a screen not named. */
  name?: string;
}

/** A caller that did not say where it is (tests, the command line): never trusted as the kiosk's own screen. */
export const UNNAMED_SCREEN: Screen = { id: 'a screen', local: false };

export type PinCheck = { ok: true; staff: StaffRow } | { ok: false; refusal: PinRefusal; message: string };

/** Failed sign-ins go to the audit trail: who was tried, from which screen, never the PIN. */
export type RecordRefusal = (screen: Screen, detail: Record<string, unknown>) => void;

/**
 * PIN sign-in: a person picks their name, then types their PIN, so a guess tests one account.
 * Each account locks itself after five wrong PINs; each screen waits longer and longer between
 * tries after three. Locks are counted down on the monotonic clock and written to the database as
 * the time they have left, so neither a restart nor a wall clock set back or forward changes them.
 */
export class StaffAccess {
  private readonly staff;
  private readonly locks = new Map<number, AccountLock>();
  private readonly screens = new Map<string, ScreenRecord>();

  constructor(
    private readonly db: Db,
    private readonly monotonic: () => number,
    private readonly recordRefusal: RecordRefusal,
    private readonly policy: PinLockPolicy = PIN_LOCK,
  ) {
    this.staff = staffTable(db);
  }

  /** The account, when this is its PIN; a refusal in numbers (tries left, minutes locked, seconds to wait) otherwise. */
  signIn(staffId: number, pin: string, screen: Screen): PinCheck {
    const now = this.monotonic();
    const waiting = this.mustWait(screen, now);
    if (waiting) return waiting;
    const account = this.staff.withPin(staffId);
    if (!account) throw new KioskError(`there is no active staff account #${staffId}`, 'not_found', { detail: { what: 'no_staff_account' } });
    const lock = this.lockOf(staffId, now);
    const remaining = lockRemaining(lock, now, this.policy);
    if (remaining > 0) {
      this.staff.setLock(staffId, { failures: lock.failures, lockMs: remaining });
      return locked(account.name, remaining, this.policy);
    }
    if (Pin.safeParse(pin).success && verifyPin(pin, account.pinHash)) {
      this.locks.set(staffId, { failures: 0, lockMs: 0, since: now });
      this.staff.setLock(staffId, { failures: 0, lockMs: 0 });
      return { ok: true, staff: { id: account.id, name: account.name, role: account.role } };
    }
    const next = accountAfterFailure(lock, now, this.policy);
    this.locks.set(staffId, next);
    this.screenFailed(screen, now);
    writeTx(this.db, 'the sign-in', () => {
      this.staff.setLock(staffId, { failures: next.failures, lockMs: next.lockMs });
      this.recordRefusal(screen, { staff: staffId, name: account.name, why: next.lockMs > 0 ? 'wrong PIN: account locked' : 'wrong PIN' });
    });
    if (next.lockMs > 0) return locked(account.name, next.lockMs, this.policy);
    const left = triesLeft(next, this.policy);
    return {
      ok: false,
      refusal: { refused: 'wrong_pin', triesLeft: left },
      message: `that PIN is not right: ${left} ${left === 1 ? 'try' : 'tries'} left before ${account.name}'s PIN entry locks`,
    };
  }

  /**
   * True for any active manager's PIN, to leave kiosk mode at the kiosk's own window. A wrong one
   * counts towards that screen's waits; throws while the screen must wait.
   */
  verifyManager(pin: string, screen: Screen): boolean {
    const now = this.monotonic();
    const waiting = this.mustWait(screen, now);
    if (waiting)
      throw new KioskError(waiting.message, 'forbidden', {
        retryAfterSeconds: waiting.refusal.seconds,
        detail: { what: 'pin_wait', seconds: waiting.refusal.seconds },
      });
    const open = this.staff.activeManagers().filter((m) => lockRemaining(this.lockOf(m.id, now), now, this.policy) === 0);
    if (Pin.safeParse(pin).success && open.some((m) => verifyPin(pin, m.pinHash))) return true;
    this.screenFailed(screen, now);
    writeTx(this.db, 'the PIN try', () => this.recordRefusal(screen, { staff: null, name: 'a manager', why: 'wrong PIN to leave kiosk mode' }));
    return false;
  }

  /** Writes what each lock has left, for the next start (called as the kiosk closes). */
  saveLocks(): void {
    const now = this.monotonic();
    for (const [id, lock] of this.locks) this.staff.setLock(id, { failures: lock.failures, lockMs: lockRemaining(lock, now, this.policy) });
  }

  private screenFailed(screen: Screen, now: number): void {
    // Screens quiet long enough are forgotten, so addresses seen once do not pile up.
    for (const [id, record] of this.screens) if (now - record.lastFailure > this.policy.screenForgetMs) this.screens.delete(id);
    this.screens.set(screen.id, screenAfterFailure(this.screens.get(screen.id) ?? null, now, this.policy));
  }

  private mustWait(screen: Screen, now: number): { ok: false; refusal: Extract<PinRefusal, { refused: 'wait' }>; message: string } | null {
    const wait = screenWait(this.screens.get(screen.id) ?? null, now, this.policy);
    if (wait === 0) return null;
    const seconds = Math.ceil(wait / 1000);
    return {
      ok: false,
      refusal: { refused: 'wait', seconds },
      message: `too many wrong PINs from this screen: wait ${seconds} second${seconds === 1 ? '' : 's'} before the next try`,
    };
  }

  private lockOf(staffId: number, now: number): AccountLock {
    const known = this.locks.get(staffId);
    if (known) return known;
    const stored = this.staff.lockOf(staffId);
    const lock = restoredLock(stored.failures, stored.lockMs, now, this.policy);
    this.locks.set(staffId, lock);
    return lock;
  }
}

function locked(name: string, remainingMs: number, policy: PinLockPolicy): Extract<PinCheck, { ok: false }> {
  const minutes = wholeMinutes(remainingMs);
  return {
    ok: false,
    refusal: { refused: 'locked', minutes },
    message: `${name}'s PIN entry is locked after ${policy.maxFailures} wrong PINs: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
  };
}

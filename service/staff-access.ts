import { Pin, roleAllows } from '../core/api.js';
import { KioskError } from '../core/errors.js';
import type { Role } from '../core/vocabulary.js';
import { pinGuard } from '../db/pin-guard.js';
import type { Db } from '../db/open.js';
import { staffTable, type StaffRow } from '../db/staff.js';
import { verifyPin } from './pin.js';

export const MAX_WRONG_PINS = 5;
export const LOCK_MINUTES = 5;

/**
 * PIN sign-in for staff and managers. A PIN names its account; five wrong PINs in a row lock
 * PIN entry on this kiosk for five minutes, whoever was guessing.
 */
export class StaffAccess {
  private readonly guard;
  private readonly staff;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.guard = pinGuard(db);
    this.staff = staffTable(db);
  }

  /** Whether an active account has this PIN: a PIN names its account, so two must never share one. Not a sign-in: nothing is counted. */
  inUse(pin: string): boolean {
    return this.staff.withPins().some((s) => verifyPin(pin, s.pinHash));
  }

  /** The account whose PIN this is, with at least the given role; null for a wrong PIN. Throws while locked. */
  verify(pin: string, role: Exclude<Role, 'kiosk'>): StaffRow | null {
    const now = this.now();
    const state = this.guard.read();
    if (state.lockedUntil && Date.parse(state.lockedUntil) > now.getTime()) {
      const minutes = Math.ceil((Date.parse(state.lockedUntil) - now.getTime()) / 60_000);
      throw new KioskError(`PIN entry is locked after ${MAX_WRONG_PINS} wrong PINs: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`, 'forbidden');
    }
    const account = Pin.safeParse(pin).success ? (this.staff.withPins().find((s) => verifyPin(pin, s.pinHash)) ?? null) : null;
    if (account && roleAllows(account.role, role)) {
      this.guard.write({ failedAttempts: 0, lockedUntil: null });
      return { id: account.id, name: account.name, role: account.role };
    }
    const failed = (state.lockedUntil ? 0 : state.failedAttempts) + 1;
    const locked = failed >= MAX_WRONG_PINS ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
    this.guard.write({ failedAttempts: locked ? 0 : failed, lockedUntil: locked });
    return null;
  }
}

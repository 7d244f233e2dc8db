import type { Db } from './open.js';

export interface PinGuardState {
  failedAttempts: number;
  lockedUntil: string | null;
}

/** The kiosk-wide count of wrong PINs and the lock it leads to. */
export function pinGuard(db: Db) {
  const read = db.prepare('SELECT failed_attempts AS failedAttempts, locked_until AS lockedUntil FROM pin_guard WHERE id = 1');
  const write = db.prepare('UPDATE pin_guard SET failed_attempts = ?, locked_until = ? WHERE id = 1');
  return {
    read: () => read.get() as PinGuardState,
    write: (state: PinGuardState) => void write.run(state.failedAttempts, state.lockedUntil),
  };
}

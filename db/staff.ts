import type { Db } from './open.js';

export interface StaffRow {
  id: number;
  name: string;
  role: 'staff' | 'manager';
}

/** An account's wrong PINs in a row and the time its lock had left when last written. */
export interface StoredLock {
  failures: number;
  lockMs: number;
}

/** Per connection, how many times it has written staff badge keys: a cache of them holds while this and the data version hold. */
const badgeWrites = new WeakMap<Db, number>();

function wroteBadges(db: Db): void {
  badgeWrites.set(db, (badgeWrites.get(db) ?? 0) + 1);
}

export function staffTable(db: Db) {
  const insert = db.prepare('INSERT INTO staff (name, role, pin_hash, created_at) VALUES (?, ?, ?, ?)');
  const insertKey = db.prepare('INSERT INTO staff_badges (key, staff_id) VALUES (?, ?)');
  const byKey = db.prepare('SELECT s.id, s.name, s.role FROM staff_badges b JOIN staff s ON s.id = b.staff_id WHERE b.key = ? AND s.disabled_at IS NULL');
  const keyTaken = db.prepare('SELECT 1 FROM staff_badges WHERE key = ?');
  const anyKey = db.prepare('SELECT EXISTS (SELECT 1 FROM staff_badges)').pluck();
  const list = db.prepare(
    'SELECT id, name, role, EXISTS (SELECT 1 FROM staff_badges b WHERE b.staff_id = staff.id) AS hasBadge, created_at AS createdAt FROM staff WHERE disabled_at IS NULL ORDER BY name',
  );
  const names = db.prepare('SELECT id, name FROM staff WHERE disabled_at IS NULL ORDER BY name, id');
  // A disabled account gives its badge back: the card can be someone else's.
  const disable = db.prepare('UPDATE staff SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL');
  const dropKeys = db.prepare('DELETE FROM staff_badges WHERE staff_id = ?');
  const active = db.prepare('SELECT 1 FROM staff WHERE id = ? AND disabled_at IS NULL');
  const withPin = db.prepare('SELECT id, name, role, pin_hash AS pinHash FROM staff WHERE id = ? AND disabled_at IS NULL');
  const managers = db.prepare("SELECT id, name, role, pin_hash AS pinHash FROM staff WHERE role = 'manager' AND disabled_at IS NULL ORDER BY id");
  const readLock = db.prepare('SELECT failed_attempts AS failures, lock_ms AS lockMs FROM staff WHERE id = ?');
  const writeLock = db.prepare('UPDATE staff SET failed_attempts = ?, lock_ms = ? WHERE id = ?');
  const plainBadges = db.prepare('SELECT id, badge, disabled_at IS NULL AS active FROM staff WHERE badge IS NOT NULL');
  const clearPlain = db.prepare('UPDATE staff SET badge = NULL WHERE id = ?');
  return {
    add(name: string, role: StaffRow['role'], pinHash: string, at: string): number {
      return Number(insert.run(name, role, pinHash, at).lastInsertRowid);
    },
    /** Badge keys are keyed hashes (service/staff-badges.ts): the database never holds a staff badge's value. */
    addBadgeKeys(id: number, keys: string[]): void {
      wroteBadges(db);
      for (const key of keys) insertKey.run(key, id);
    },
    /** True when any active account has a badge (a disabled one's keys are dropped). */
    anyBadge(): boolean {
      return anyKey.get() === 1;
    },
    /** Changes whenever this connection writes badge keys (another connection's writes move the data version). */
    badgeWrites(): number {
      return badgeWrites.get(db) ?? 0;
    },
    byBadgeKey(key: string): StaffRow | null {
      return (byKey.get(key) as StaffRow | undefined) ?? null;
    },
    badgeKeyTaken(key: string): boolean {
      return keyTaken.get(key) !== undefined;
    },
    isActive(id: number): boolean {
      return active.get(id) !== undefined;
    },
    list(): (StaffRow & { hasBadge: number; createdAt: string })[] {
      return list.all() as (StaffRow & { hasBadge: number; createdAt: string })[];
    },
    /** Active accounts' names and ids, for the sign-in screen's list. */
    names(): { id: number; name: string }[] {
      return names.all() as { id: number; name: string }[];
    },
    disable(id: number, at: string): boolean {
      const disabled = disable.run(at, id).changes === 1;
      if (disabled) {
        wroteBadges(db);
        dropKeys.run(id);
      }
      return disabled;
    },
    /** One active account with its PIN hash, for PIN sign-in. */
    withPin(id: number): (StaffRow & { pinHash: string }) | null {
      return (withPin.get(id) as (StaffRow & { pinHash: string }) | undefined) ?? null;
    },
    activeManagers(): (StaffRow & { pinHash: string })[] {
      return managers.all() as (StaffRow & { pinHash: string })[];
    },
    lockOf(id: number): StoredLock {
      return (readLock.get(id) as StoredLock | undefined) ?? { failures: 0, lockMs: 0 };
    },
    setLock(id: number, lock: StoredLock): void {
      writeLock.run(lock.failures, Math.round(lock.lockMs), id);
    },
    /** Staff badges stored in clear by an older kiosk ("kind:value"), to be moved to keyed hashes. */
    plainBadges(): { id: number; badge: string; active: number }[] {
      return plainBadges.all() as { id: number; badge: string; active: number }[];
    },
    clearPlainBadge(id: number): void {
      clearPlain.run(id);
    },
  };
}

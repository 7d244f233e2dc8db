import type { Db } from './open.js';

export interface StaffRow {
  id: number;
  name: string;
  role: 'staff' | 'manager';
}

export function staffTable(db: Db) {
  const insert = db.prepare('INSERT INTO staff (name, role, pin_hash, badge, created_at) VALUES (?, ?, ?, ?, ?)');
  const byBadge = db.prepare('SELECT id, name, role FROM staff WHERE badge = ? AND disabled_at IS NULL');
  const list = db.prepare('SELECT id, name, role, badge IS NOT NULL AS hasBadge, created_at AS createdAt FROM staff WHERE disabled_at IS NULL ORDER BY name');
  // A disabled account gives its badge back: the card can be someone else's.
  const disable = db.prepare('UPDATE staff SET disabled_at = ?, badge = NULL WHERE id = ? AND disabled_at IS NULL');
  const badgeHolder = db.prepare('SELECT id, disabled_at IS NOT NULL AS disabled FROM staff WHERE badge = ?');
  const freeBadge = db.prepare('UPDATE staff SET badge = NULL WHERE id = ? AND disabled_at IS NOT NULL');
  const active = db.prepare('SELECT 1 FROM staff WHERE id = ? AND disabled_at IS NULL');
  const withPins = db.prepare('SELECT id, name, role, pin_hash AS pinHash FROM staff WHERE disabled_at IS NULL ORDER BY id');
  return {
    add(name: string, role: StaffRow['role'], pinHash: string, badge: string | null, at: string): number {
      return Number(insert.run(name, role, pinHash, badge, at).lastInsertRowid);
    },
    /** Staff badges are stored as "kind:canonical value", the same form a reader produces. */
    byBadge(badge: string): StaffRow | null {
      return (byBadge.get(badge) as StaffRow | undefined) ?? null;
    },
    /** Whoever holds the badge, disabled accounts too (those disabled before badges were given back). */
    badgeHolder(badge: string): { id: number; disabled: boolean } | null {
      const row = badgeHolder.get(badge) as { id: number; disabled: number } | undefined;
      return row ? { id: row.id, disabled: row.disabled === 1 } : null;
    },
    freeBadgeOfDisabled(id: number): void {
      freeBadge.run(id);
    },
    isActive(id: number): boolean {
      return active.get(id) !== undefined;
    },
    list(): (StaffRow & { hasBadge: number; createdAt: string })[] {
      return list.all() as (StaffRow & { hasBadge: number; createdAt: string })[];
    },
    disable(id: number, at: string): boolean {
      return disable.run(at, id).changes === 1;
    },
    /** Every active account with its PIN hash, for PIN sign-in. */
    withPins(): (StaffRow & { pinHash: string })[] {
      return withPins.all() as (StaffRow & { pinHash: string })[];
    },
  };
}

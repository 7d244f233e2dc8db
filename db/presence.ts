import type { OnSite, PaymentMethod } from '../core/api/presence.js';
import type { Db } from './open.js';

export type CheckOutHow = 'tap' | 'screen' | 'staff';

/** Where a visit stands for the repeat-tap rule: out now, and since when the visitor was last let in. */
export interface Presence {
  checkedOut: boolean;
  inSince: string;
}

// A visit counts as on site only on its own local date: one nobody checked out is closed by the end of that day.
const ON_SITE = `
  SELECT v.id AS visitId, coalesce(v.member_name, g.name) AS name, coalesce(v.home_space_name, v.home_space_id) AS homeSpace, v.kind,
         coalesce((SELECT max(c.back_at) FROM check_outs c WHERE c.visit_id = v.id), v.at) AS since
  FROM visits v LEFT JOIN guests g ON g.id = v.guest_id
  WHERE v.local_date = ? AND v.decision = 'admitted' AND v.voided_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM check_outs c WHERE c.visit_id = v.id AND c.back_at IS NULL)
  ORDER BY since, v.id`;

/** Check-outs, returns and day-pass payments: the facts of a visit that change during its day. */
export function presence(db: Db) {
  const onSite = db.prepare(ON_SITE);
  const state = db.prepare(
    `SELECT EXISTS (SELECT 1 FROM check_outs c WHERE c.visit_id = v.id AND c.back_at IS NULL) AS out,
            coalesce((SELECT max(c.back_at) FROM check_outs c WHERE c.visit_id = v.id), v.at) AS since
     FROM visits v WHERE v.id = ?`,
  );
  const checkOut = db.prepare('INSERT INTO check_outs (visit_id, at, how, by_staff) VALUES (?, ?, ?, ?)');
  const comeBack = db.prepare('UPDATE check_outs SET back_at = ? WHERE visit_id = ? AND back_at IS NULL');
  const pay = db.prepare('UPDATE visits SET paid_at = ?, paid_by = ?, paid_method = ? WHERE id = ? AND paid_at IS NULL');

  return {
    /** Everyone let in today and not checked out, longest here first. */
    onSite(localDate: string): OnSite[] {
      return onSite.all(localDate) as OnSite[];
    },
    of(visitId: number): Presence {
      const row = state.get(visitId) as { out: number; since: string };
      return { checkedOut: row.out === 1, inSince: row.since };
    },
    checkOut(visitId: number, at: string, how: CheckOutHow, staffId: number | null): void {
      checkOut.run(visitId, at, how, staffId);
    },
    /** Back the same day: the open check-out is closed, the visit goes on. */
    comeBack(visitId: number, at: string): void {
      comeBack.run(at, visitId);
    },
    markPaid(visitId: number, at: string, staffId: number | null, method: PaymentMethod): boolean {
      return pay.run(at, staffId, method, visitId).changes === 1;
    },
  };
}
export type PresenceLog = ReturnType<typeof presence>;

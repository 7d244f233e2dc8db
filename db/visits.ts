import type { ReasonCode, VisitKind } from '../core/vocabulary.js';
import type { Db } from './open.js';

export interface NewVisit {
  at: string;
  localDate: string;
  kind: VisitKind | null;
  decision: 'admitted' | 'denied';
  reason: ReasonCode;
  memberId?: string | null;
  memberName?: string | null;
  guestId?: number | null;
  homeSpaceId?: string | null;
  homeSpaceName?: string | null;
  credentialKind?: string | null;
  credentialValue?: string | null;
  price?: string | null;
  currency?: string | null;
}

export function visits(db: Db) {
  const insert = db.prepare(
    `INSERT INTO visits (at, local_date, kind, decision, reason, member_id, member_name, guest_id, home_space_id, home_space_name, credential_kind, credential_value, price, currency)
     VALUES (@at, @localDate, @kind, @decision, @reason, @memberId, @memberName, @guestId, @homeSpaceId, @homeSpaceName, @credentialKind, @credentialValue, @price, @currency)`,
  );
  const admittedOn = db.prepare(
    `SELECT id, kind FROM visits
     WHERE member_id = ? AND local_date = ? AND decision = 'admitted' AND voided_at IS NULL AND kind IN ('member', 'visa', 'day_pass')
     ORDER BY id LIMIT 1`,
  );
  const visaDays = db.prepare(
    `SELECT count(DISTINCT local_date) AS days FROM visits
     WHERE member_id = ? AND local_date BETWEEN ? AND ? AND kind = 'visa' AND decision = 'admitted' AND voided_at IS NULL`,
  );

  return {
    /** Appends a visit and returns its id. */
    log(visit: NewVisit): number {
      const row = {
        memberId: null, memberName: null, guestId: null, homeSpaceId: null, homeSpaceName: null,
        credentialKind: null, credentialValue: null, price: null, currency: null,
        ...visit,
      };
      return Number(insert.run(row).lastInsertRowid);
    },
    /** The member's first admitted, non-voided visit on a local date, if any. */
    admittedOn(memberId: string, localDate: string): { visitId: number; kind: 'member' | 'visa' | 'day_pass' } | null {
      const row = admittedOn.get(memberId, localDate) as { id: number; kind: 'member' | 'visa' | 'day_pass' } | undefined;
      return row ? { visitId: row.id, kind: row.kind } : null;
    },
    /** Distinct local dates between first and last (inclusive) with an admitted, non-voided visa visit. */
    visaDays(memberId: string, first: string, last: string): number {
      return (visaDays.get(memberId, first, last) as { days: number }).days;
    },
  };
}
export type Visits = ReturnType<typeof visits>;

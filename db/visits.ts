import type { VisitView } from '../core/api/desk.js';
import type { PaymentMethod } from '../core/api/presence.js';
import { PrinterReason } from '../core/printer-reason.js';
import { CredentialKind, ReasonCode } from '../core/vocabulary.js';
import type { VisitKind } from '../core/vocabulary.js';
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
  overrideStaffId?: number | null;
  overrideReason?: string | null;
  overrides?: number | null;
}

/** A visit as the database stores it, for copying a denial into its override. */
export interface StoredVisit {
  id: number;
  kind: VisitKind | null;
  decision: 'admitted' | 'denied';
  reason: ReasonCode;
  memberId: string | null;
  memberName: string | null;
  homeSpaceId: string | null;
  homeSpaceName: string | null;
  credentialKind: string | null;
  credentialValue: string | null;
}

/** The columns of `visits` that StoredVisit carries, as SQLite returns them. */
interface VisitRow {
  id: number;
  kind: VisitKind | null;
  decision: 'admitted' | 'denied';
  reason: ReasonCode;
  member_id: string | null;
  member_name: string | null;
  home_space_id: string | null;
  home_space_name: string | null;
  credential_kind: string | null;
  credential_value: string | null;
}

function storedVisit(row: VisitRow): StoredVisit {
  return {
    id: row.id,
    kind: row.kind,
    decision: row.decision,
    reason: row.reason,
    memberId: row.member_id,
    memberName: row.member_name,
    homeSpaceId: row.home_space_id,
    homeSpaceName: row.home_space_name,
    credentialKind: row.credential_kind,
    credentialValue: row.credential_value,
  };
}

type ViewRow = Omit<VisitView, 'reason' | 'credential' | 'payAtDesk' | 'payment' | 'badgeReason'> & {
  reason: string;
  badgeReason: string | null;
  credentialKind: string | null;
  credentialValue: string | null;
  payAtDesk: number;
  paidAt: string | null;
  paidBy: string | null;
  paidMethod: PaymentMethod | null;
};

// reason and credential_kind have no CHECK: a row another version wrote may carry a code this one does not know.
function toView({ reason, credentialKind, credentialValue, payAtDesk, paidAt, paidBy, paidMethod, badgeReason, ...row }: ViewRow): VisitView {
  const kind = CredentialKind.safeParse(credentialKind);
  return {
    ...row,
    payAtDesk: payAtDesk === 1,
    payment: paidAt === null || paidMethod === null ? null : { at: paidAt, by: paidBy, method: paidMethod },
    reason: ReasonCode.safeParse(reason).data ?? null,
    credential: credentialValue === null ? null : { kind: kind.data ?? null, value: credentialValue },
    badgeReason: badgeReason === null ? null : storedReason(badgeReason),
  };
}

/** A badge's stored reason; null for one another version wrote in a shape this one does not know. */
function storedReason(json: string): PrinterReason | null {
  try {
    return PrinterReason.safeParse(JSON.parse(json)).data ?? null;
  } catch {
    return null;
  }
}

const VIEW = `
  SELECT v.id, v.at, v.local_date AS localDate, v.kind, v.decision, v.reason,
         coalesce(v.member_name, g.name) AS name, v.member_id AS memberId,
         coalesce(v.home_space_name, v.home_space_id) AS homeSpace,
         v.credential_kind AS credentialKind, v.credential_value AS credentialValue,
         s.name AS overriddenBy, v.override_reason AS overrideReason,
         (SELECT o.id FROM visits o WHERE o.overrides = v.id) AS overriddenAs,
         v.price, v.currency, v.voided_at AS voidedAt, v.void_reason AS voidReason, v.badge_status AS badgeStatus, v.badge_reason AS badgeReason,
         (SELECT c.at FROM check_outs c WHERE c.visit_id = v.id AND c.back_at IS NULL) AS checkedOutAt,
         (v.kind = 'day_pass' AND v.decision = 'admitted' AND v.price IS NOT NULL) AS payAtDesk,
         v.paid_at AS paidAt, p.name AS paidBy, v.paid_method AS paidMethod
  FROM visits v LEFT JOIN guests g ON g.id = v.guest_id LEFT JOIN staff s ON s.id = v.override_staff_id
  LEFT JOIN staff p ON p.id = v.paid_by`;

export function visits(db: Db) {
  const insert = db.prepare(
    `INSERT INTO visits (at, local_date, kind, decision, reason, member_id, member_name, guest_id, home_space_id, home_space_name, credential_kind, credential_value, price, currency, override_staff_id, override_reason, overrides)
     VALUES (@at, @localDate, @kind, @decision, @reason, @memberId, @memberName, @guestId, @homeSpaceId, @homeSpaceName, @credentialKind, @credentialValue, @price, @currency, @overrideStaffId, @overrideReason, @overrides)`,
  );
  const admittedOn = db.prepare(
    `SELECT id, kind FROM visits
     WHERE member_id = ? AND local_date = ? AND decision = 'admitted' AND voided_at IS NULL AND kind IN ('member', 'visa', 'day_pass')
     ORDER BY id LIMIT 1`,
  );
  const openDenial = db.prepare(
    `SELECT v.id FROM visits v
     WHERE v.member_id = ? AND v.local_date = ? AND v.decision = 'denied' AND v.voided_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM visits o WHERE o.overrides = v.id)
     ORDER BY v.id DESC LIMIT 1`,
  );
  const visaDays = db.prepare(
    `SELECT count(DISTINCT local_date) AS days FROM visits
     WHERE member_id = ? AND local_date BETWEEN ? AND ? AND kind = 'visa' AND decision = 'admitted' AND voided_at IS NULL`,
  );

  const byId = db.prepare(`${VIEW} WHERE v.id = ?`);
  const onDate = db.prepare(`${VIEW} WHERE v.local_date = ? ORDER BY v.id DESC`);
  const stored = db.prepare(
    'SELECT id, kind, decision, reason, member_id, member_name, home_space_id, home_space_name, credential_kind, credential_value FROM visits WHERE id = ?',
  );
  const voidVisit = db.prepare('UPDATE visits SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ? AND voided_at IS NULL');
  const setBadge = db.prepare('UPDATE visits SET badge_status = ?, badge_reason = ? WHERE id = ?');
  const pending = db.prepare("SELECT id FROM visits WHERE badge_status = 'pending' ORDER BY id");

  return {
    view(id: number): VisitView | null {
      const row = byId.get(id) as ViewRow | undefined;
      return row ? toView(row) : null;
    },
    /** Every visit of a local date, newest first: the front desk's "today". */
    onDate(localDate: string): VisitView[] {
      return (onDate.all(localDate) as ViewRow[]).map(toView);
    },
    /** The stored visit, for copying a denial into its override. */
    stored(id: number): StoredVisit | null {
      const row = stored.get(id) as VisitRow | undefined;
      return row ? storedVisit(row) : null;
    },
    void(id: number, at: string, staffId: number | null, reason: string): boolean {
      return voidVisit.run(at, staffId, reason, id).changes === 1;
    },
    /** `reason`: why a badge did not print, kept with it; any other status clears it. */
    setBadgeStatus(id: number, status: 'none' | 'pending' | 'printed' | 'failed', reason: PrinterReason | null = null): void {
      setBadge.run(status, status === 'failed' && reason ? JSON.stringify(reason) : null, id);
    },
    /** The visits whose badge is printing, or was when the kiosk stopped. */
    pendingBadges(): number[] {
      return (pending.all() as { id: number }[]).map((row) => row.id);
    },
    /** Appends a visit and returns its id. */
    log(visit: NewVisit): number {
      const row = {
        memberId: null,
        memberName: null,
        guestId: null,
        homeSpaceId: null,
        homeSpaceName: null,
        credentialKind: null,
        credentialValue: null,
        price: null,
        currency: null,
        overrideStaffId: null,
        overrideReason: null,
        overrides: null,
        ...visit,
      };
      return Number(insert.run(row).lastInsertRowid);
    },
    /** The member's first admitted, non-voided visit on a local date, if any. */
    admittedOn(memberId: string, localDate: string): { visitId: number; kind: 'member' | 'visa' | 'day_pass' } | null {
      const row = admittedOn.get(memberId, localDate) as { id: number; kind: 'member' | 'visa' | 'day_pass' } | undefined;
      return row ? { visitId: row.id, kind: row.kind } : null;
    },
    /** The member's latest denial on a local date that nobody has overridden or voided yet. */
    openDenialOn(memberId: string, localDate: string): number | null {
      return (openDenial.get(memberId, localDate) as { id: number } | undefined)?.id ?? null;
    },
    /** Distinct local dates between first and last (inclusive) with an admitted, non-voided visa visit. */
    visaDays(memberId: string, first: string, last: string): number {
      return (visaDays.get(memberId, first, last) as { days: number }).days;
    },
  };
}
export type Visits = ReturnType<typeof visits>;

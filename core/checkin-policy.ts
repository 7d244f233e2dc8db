import { hoursBetween, localDate } from './calendar.js';
import type { PassRefusal } from './pass/pass-verdict.js';
import type { MemberStatus, ReasonCode, VisitKind } from './vocabulary.js';

/** What the policy needs to know of a space: its calendar and its visa terms. */
export interface SpaceTerms {
  id: string;
  timezone: string;
  visa: { accepts: boolean; freeDaysPerMonth: number; noticeHours: number };
}

export interface MemberFacts {
  id: string;
  spaceId: string;
  status: MemberStatus;
  validUntil: string | null;
}

export type Holder =
  | { type: 'staff'; staffId: number }
  | { type: 'member'; member: MemberFacts; homeSpace: SpaceTerms | null }
  | { type: 'unknown' }
  /** The read fits more than one member (a short Wiegand read, a folded barcode): nobody is named. */
  | { type: 'ambiguous' }
  /** A visa pass refused before any rule applies (core/pass/pass-verdict.ts). */
  | { type: 'refused'; reason: PassRefusal; kind: VisitKind | null };

/** Everything the log says about this holder, gathered by the caller for the host's local date. */
export interface PolicyFacts {
  at: Date;
  host: SpaceTerms;
  holder: Holder;
  /** A visit admitted today (local date) and not voided, if any. */
  admittedToday: { visitId: number; kind: 'member' | 'visa' | 'day_pass' } | null;
  /** Distinct local dates this calendar month with an admitted, non-voided visa visit (today included if there is one). */
  visaDaysUsedThisMonth: number;
  /** When an expected visit for today was registered, if one was. */
  noticeRegisteredAt: Date | null;
}

export type Decision =
  | { decision: 'staff'; staffId: number }
  | {
      decision: 'admitted' | 'denied';
      /** The kind of visit logged (or refused); null when the credential is unknown. */
      kind: VisitKind | null;
      reason: ReasonCode;
      /** Admitted earlier today: no new visit is logged. */
      repeat: boolean;
      /** The host's local date the decision belongs to. */
      localDate: string;
      visaDaysUsed: number | null;
      visaDaysAllowed: number | null;
    };

type VisitDecision = Exclude<Decision, { decision: 'staff' }>;

/** The check-in rules of docs/architecture.md, in their order. Pure: the same facts always give the same decision. */
export function decideCheckin(facts: PolicyFacts): Decision {
  const { at, host, holder } = facts;
  if (holder.type === 'staff') return { decision: 'staff', staffId: holder.staffId };

  const today = localDate(at, host.timezone);
  const allowed = host.visa.freeDaysPerMonth;
  const base = { repeat: false, localDate: today, visaDaysUsed: null, visaDaysAllowed: null };
  const deny = (kind: VisitKind | null, reason: ReasonCode, extra: Partial<VisitDecision> = {}): VisitDecision => ({
    ...base,
    decision: 'denied',
    kind,
    reason,
    ...extra,
  });

  if (holder.type === 'unknown') return deny(null, 'unknown_credential');
  if (holder.type === 'ambiguous') return deny(null, 'ambiguous_credential');
  if (holder.type === 'refused') return deny(holder.kind, holder.reason);

  const { member, homeSpace } = holder;
  const isOwn = member.spaceId === host.id;
  const visaCount = isOwn ? {} : { visaDaysUsed: facts.visaDaysUsedThisMonth, visaDaysAllowed: allowed };

  if (facts.admittedToday) {
    const { kind } = facts.admittedToday;
    return { ...base, ...(kind === 'visa' ? visaCount : {}), decision: 'admitted', kind, reason: kind, repeat: true };
  }

  const kind: VisitKind = isOwn ? 'member' : 'visa';
  if (member.status !== 'active') return deny(kind, 'member_inactive');
  if (member.validUntil !== null && member.validUntil < today) return deny(kind, 'membership_expired');

  if (isOwn) return { ...base, decision: 'admitted', kind: 'member', reason: 'member' };

  if (!homeSpace || !homeSpace.visa.accepts || !host.visa.accepts) return deny('visa', 'space_not_participating');
  if (host.visa.noticeHours > 0) {
    const notice = facts.noticeRegisteredAt;
    if (!notice || hoursBetween(notice, at) < host.visa.noticeHours) return deny('visa', 'notice_required');
  }
  if (facts.visaDaysUsedThisMonth >= allowed) return deny('visa', 'visa_days_used_up', visaCount);
  return {
    ...base,
    decision: 'admitted',
    kind: 'visa',
    reason: 'visa',
    visaDaysUsed: facts.visaDaysUsedThisMonth + 1,
    visaDaysAllowed: allowed,
  };
}

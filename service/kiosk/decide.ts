import type { CheckinResult } from '../../core/api/checkin.js';
import { localDate, monthOf } from '../../core/calendar.js';
import { repeatTap, type RepeatTapSetting } from '../../core/check-out.js';
import { decideCheckin } from '../../core/checkin-policy.js';
import { KioskError } from '../../core/errors.js';
import type { VisitKind } from '../../core/vocabulary.js';
import type { expectedVisits } from '../../db/expected-visits.js';
import type { guests } from '../../db/guests.js';
import type { PresenceLog } from '../../db/presence.js';
import type { StaffRow } from '../../db/staff.js';
import type { SpaceRow } from '../../db/visa-list.js';
import type { Visits } from '../../db/visits.js';
import type { Actor } from '../sessions.js';
import { terms, type Identity } from './identify.js';

/** What a decision reads and writes, inside the transaction that logs its visit. */
export interface VisitLog {
  host: SpaceRow;
  visits: Visits;
  expected: ReturnType<typeof expectedVisits>;
  guests: ReturnType<typeof guests>;
  /** A staff badge's one-time ticket for a session. */
  ticketFor: (staff: StaffRow) => string;
  /** False once a source's unknown badges are past the flood limit: counted, not logged. */
  logUnknown: (source: string) => boolean;
  /** The registry's address for a visitor's phone (its public URL); null for a static feed. */
  registryPublicUrl: () => string | null;
  presence: PresenceLog;
  /** What a visitor's own repeat tap does on site; null for staff checking someone in by hand (never a check-out). */
  repeatTap: RepeatTapSetting | null;
  /** A visitor's one-time ticket to answer "Check out?" for this visit. */
  checkOutTicket: (visitId: number) => string;
}

type PresenceNote = Pick<CheckinResult, 'checkedOut' | 'checkedBackIn' | 'checkOutTicket'>;

/** A repeat tap today: back from lunch checks in again, on site it asks or checks out (core/check-out.ts). */
function repeatPresence(log: VisitLog, visitId: number, at: Date, dryRun: boolean): PresenceNote {
  const { checkedOut, inSince } = log.presence.of(visitId);
  const action = repeatTap({ at, inSince: new Date(inSince), checkedOut, setting: log.repeatTap ?? 'ask' });
  if (action === 'check_back_in') {
    if (!dryRun) log.presence.comeBack(visitId, at.toISOString());
    return { checkedBackIn: true };
  }
  if (log.repeatTap === null) return {};
  if (action === 'check_out') {
    if (!dryRun) log.presence.checkOut(visitId, at.toISOString(), 'tap', null);
    return { checkedOut: true };
  }
  return dryRun ? {} : { checkOutTicket: log.checkOutTicket(visitId) };
}

/**
 * The decision a credential gets (core/checkin-policy.ts), with its visit logged unless `dryRun`.
 * `ticket`: a staff badge here may open staff mode alone (the kiosk's own reader or screen).
 * `source`: who tapped, for the badge-flood rule.
 */
export function decide(log: VisitLog, identity: Identity, at: Date, dryRun: boolean, ticket = false, source?: string): CheckinResult {
  const { host, visits } = log;
  const { credential, holder, member, home, staff } = identity;
  const today = localDate(at, host.timezone);
  const month = monthOf(today);
  const admittedToday = member ? visits.admittedOn(member.id, today) : null;
  // Only a visitor from another space has visa days counted, and a notice looked for where the
  // host asks for one (core/checkin-policy.ts): a space's own members skip both reads.
  const visitor = member !== null && member.spaceId !== host.id;
  const notice = visitor && host.visa.noticeHours > 0 ? log.expected.registeredAt(member.id, today) : null;
  const decision = decideCheckin({
    at,
    host: terms(host),
    holder,
    admittedToday,
    visaDaysUsedThisMonth: visitor ? visits.visaDays(member.id, month.first, month.last) : 0,
    noticeRegisteredAt: notice ? new Date(notice) : null,
  });
  const common = {
    credential: { kind: credential.kind, value: credential.value },
    at: at.toISOString(),
    localDate: today,
  };
  if (decision.decision === 'staff') {
    const signIn = dryRun || !ticket || !staff ? {} : { staffTicket: log.ticketFor(staff) };
    return {
      decision: 'staff',
      kind: null,
      reason: null,
      repeat: false,
      member: null,
      staff,
      visitId: null,
      visaDaysUsed: null,
      visaDaysAllowed: null,
      ...common,
      dayPass: null,
      ...signIn,
    };
  }
  const memberRef = member && { id: member.id, name: member.name, space: member.spaceId, spaceName: home?.name ?? null };
  let visitId = decision.repeat ? (admittedToday?.visitId ?? null) : null;
  const note = decision.repeat && visitId !== null ? repeatPresence(log, visitId, at, dryRun) : {};
  if (!decision.repeat && !dryRun && (holder.type !== 'unknown' || source === undefined || log.logUnknown(source))) {
    visitId = visits.log({
      at: common.at,
      localDate: today,
      kind: decision.kind,
      decision: decision.decision,
      reason: decision.reason,
      memberId: member?.id,
      memberName: member?.name,
      homeSpaceId: member?.spaceId,
      homeSpaceName: home?.name,
      credentialKind: credential.kind,
      credentialValue: credential.value,
    });
  }
  return {
    decision: decision.decision,
    kind: decision.kind,
    reason: decision.reason,
    repeat: decision.repeat,
    member: memberRef,
    staff: null,
    visitId,
    visaDaysUsed: decision.visaDaysUsed,
    visaDaysAllowed: decision.visaDaysAllowed,
    ...common,
    dayPass: decision.decision === 'denied' ? host.dayPass : null,
    ...note,
    ...(decision.reason === 'notice_required' && { notice: noticeTerms(host, log.registryPublicUrl()) }),
  };
}

/** What a visitor denied for missing notice is told: how far ahead, the host's own notes, and where to announce. */
function noticeTerms(host: SpaceRow, registryPublicUrl: string | null): NonNullable<CheckinResult['notice']> {
  return {
    hours: host.visa.noticeHours,
    notes: host.visa.notes,
    announceUrl: registryPublicUrl && `${registryPublicUrl}/announce?host=${encodeURIComponent(host.id)}`,
  };
}

/** Turns a denial into an admitted visit logged now: a new visit naming the denial, the staff member and why. */
export function admitOverride(log: VisitLog, at: Date, deniedId: number, reason: string, actor: Actor, guestName?: string): CheckinResult {
  const { host, visits } = log;
  const denied = visits.stored(deniedId);
  if (!denied) throw new KioskError(`there is no visit #${deniedId}`, 'not_found');
  const today = localDate(at, host.timezone);
  const already = denied.memberId ? visits.admittedOn(denied.memberId, today) : null;
  if (already)
    throw new KioskError(`this member is already checked in today (visit #${already.visitId})`, 'invalid', { detail: { what: 'already_checked_in' } });
  const kind: VisitKind = denied.kind ?? 'guest';
  const guestId = guestName ? log.guests.add({ name: guestName, email: null, company: null, visiting: null, createdAt: at.toISOString() }) : null;
  const visitId = visits.log({
    at: at.toISOString(),
    localDate: today,
    kind,
    decision: 'admitted',
    reason: denied.reason,
    memberId: denied.memberId,
    memberName: denied.memberName,
    guestId,
    homeSpaceId: denied.homeSpaceId,
    homeSpaceName: denied.homeSpaceName,
    credentialKind: denied.credentialKind,
    credentialValue: denied.credentialValue,
    overrideStaffId: actor.staffId,
    overrideReason: reason,
    overrides: deniedId,
  });
  const month = monthOf(today);
  const visaDays = denied.memberId && kind === 'visa' ? visits.visaDays(denied.memberId, month.first, month.last) : null;
  return {
    decision: 'admitted',
    kind,
    reason: denied.reason,
    repeat: false,
    member: denied.memberId ? { id: denied.memberId, name: denied.memberName ?? '', space: denied.homeSpaceId ?? '', spaceName: denied.homeSpaceName } : null,
    staff: null,
    credential: { kind: (denied.credentialKind ?? 'manual') as CheckinResult['credential']['kind'], value: denied.credentialValue ?? '' },
    visitId,
    visaDaysUsed: visaDays,
    visaDaysAllowed: visaDays === null ? null : host.visa.freeDaysPerMonth,
    at: at.toISOString(),
    localDate: today,
    dayPass: null,
  };
}

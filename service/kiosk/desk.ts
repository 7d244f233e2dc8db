import type { ValidInput } from '../../core/api.js';
import type { CheckinResult, DayPassResult, Expected, ExpectedVisit } from '../../core/api/checkin.js';
import type { MemberMatch, VisitView } from '../../core/api/desk.js';
import { isCalendarDate, localDate } from '../../core/calendar.js';
import { KioskError } from '../../core/errors.js';
import { checkNoticeWindow } from '../../core/registry/notice-window.js';
import { writeTx } from '../../db/write-tx.js';
import { searchMembers } from '../member-search.js';
import type { Actor } from '../sessions.js';
import type { Screen } from '../staff-access.js';
import { LOCAL } from './audit.js';
import { sellDayPass } from './day-pass.js';
import { admitOverride, decide } from './decide.js';
import { DeskTaps } from './desk-taps.js';
import { identifyMember } from './identify.js';

/** The front desk's staff: overrides, manual check-ins, voids, day passes, expected visits; taps are decided in DeskTaps. */
export class Desk extends DeskTaps {
  todaysVisits({ date }: ValidInput<'todaysVisits'>): VisitView[] {
    return this.visits.onDate(date ?? this.today());
  }

  /** Turns a denial into an admitted visit: a new visit naming the denial, the staff member and why. */
  overrideVisit({ visitId, reason, guestName }: ValidInput<'overrideVisit'>, actor: Actor, screen?: Screen): CheckinResult {
    const { db, visaList, badges, events, record } = this.deps;
    visaList.refresh();
    const saved = writeTx(db, 'the override', () => {
      const denied = this.visits.view(visitId);
      if (!denied) throw new KioskError(`there is no visit #${visitId}`, 'not_found');
      if (denied.decision !== 'denied') throw new KioskError(`visit #${visitId} was not denied: there is nothing to override`, 'invalid');
      if (denied.voidedAt) throw new KioskError(`visit #${visitId} was voided`, 'invalid');
      if (denied.overriddenAs !== null) throw new KioskError(`visit #${visitId} was already overridden as visit #${denied.overriddenAs}`, 'invalid');
      // An override admits the visitor standing at the desk now: a denial of another day would become a visa day today.
      if (denied.localDate !== this.today())
        throw new KioskError(
          `visit #${visitId} was denied on ${denied.localDate}: only today's denials can be overridden (check the visitor in by hand instead)`,
          'invalid',
        );
      // Admitting "whoever it was" would log a visa day against nobody, or the wrong member.
      if (denied.reason === 'ambiguous_credential')
        throw new KioskError(`visit #${visitId}: the badge number fits more than one member: check the visitor in by hand, picking who they are`, 'invalid');
      // Neither names anybody: the visitor is admitted as a guest, by name.
      const nobody = denied.reason === 'unknown_credential' || denied.reason === 'pass_invalid';
      if (nobody && !guestName)
        throw new KioskError('guestName: an unknown badge or a pass that could not be checked is admitted as a guest: say who the visitor is', 'invalid');
      const result = admitOverride(this.visitLog(), this.deps.now(), visitId, reason, actor, nobody ? guestName : undefined);
      record(actor, 'override', { visit: visitId, admittedAs: result.visitId, reason, before: { decision: 'denied', reason: denied.reason } });
      return badges.withPending(result);
    });
    const printed = badges.start(saved);
    events.emit('checkin', printed, this.denials.decided(visitId, screen));
    return printed;
  }

  /** Voids a mistaken visit: it stays in the log, marked, and stops counting. */
  voidVisit({ visitId, reason }: ValidInput<'voidVisit'>, actor: Actor): VisitView {
    return writeTx(this.deps.db, 'voiding the visit', () => {
      const before = this.visits.view(visitId);
      if (!before) throw new KioskError(`there is no visit #${visitId}`, 'not_found');
      if (before.voidedAt) throw new KioskError(`visit #${visitId} was voided already`, 'invalid');
      this.visits.void(visitId, this.deps.now().toISOString(), actor.staffId, reason);
      this.deps.record(actor, 'void', { visit: visitId, reason, before: { decision: before.decision, kind: before.kind } });
      return this.visits.view(visitId)!;
    });
  }

  searchMembers({ query }: ValidInput<'searchMembers'>): MemberMatch[] {
    return searchMembers(this.deps.visaList.list, query, this.today(), 20);
  }

  /** A member checked in by hand (no badge with them); a denial may be overridden in the same step. */
  checkinMember({ memberId, overrideReason }: ValidInput<'checkinMember'>, actor: Actor, screen?: Screen): CheckinResult {
    const { db, visaList, badges, events, record, now } = this.deps;
    visaList.refresh();
    let overridden: number | null = null;
    const saved = writeTx(db, 'the check-in', () => {
      overridden = null;
      const log = this.visitLog(true);
      // "Admit anyway" after a denial shown moments ago overrides that denial rather than logging a second one.
      const open = overrideReason ? this.visits.openDenialOn(memberId, localDate(now(), log.host.timezone)) : null;
      const decided = open === null ? decide(log, identifyMember(visaList.list, memberId), now(), false) : null;
      if (decided) record(actor, 'manual check-in', { member: memberId, decision: decided.decision, reason: decided.reason, visit: decided.visitId });
      if (decided && (decided.decision !== 'denied' || !overrideReason)) return badges.withPending(decided);
      const deniedId = (overridden = open ?? decided!.visitId!);
      const admitted = admitOverride(log, now(), deniedId, overrideReason!, actor);
      record(actor, 'override', {
        visit: deniedId,
        admittedAs: admitted.visitId,
        reason: overrideReason,
        before: { decision: 'denied', reason: admitted.reason },
      });
      return badges.withPending(admitted);
    });
    const printed = badges.start(saved);
    events.emit('checkin', printed, this.denials.decided(overridden, screen));
    return printed;
  }

  sellDayPass(input: ValidInput<'sellDayPass'>, options: { at?: Date } = {}): DayPassResult {
    const { db, visaList, badges, logger } = this.deps;
    const at = options.at ?? this.deps.now();
    visaList.refresh();
    const { pass, badge } = writeTx(db, 'the day pass', () => {
      const sold = sellDayPass(this.visitLog(), visaList.list, input, at, (b) => badges.markPending(b));
      const { visitId, name, price, currency } = sold.pass;
      this.deps.outbox.notify({ kind: 'day_pass', visitId, name, price, currency }, at);
      return sold;
    });
    logger.info('daypass', { visitId: pass.visitId, guestId: pass.guestId, price: pass.price, currency: pass.currency });
    if (!badge) return pass;
    badges.print(badge);
    return { ...pass, badge: 'pending' };
  }

  /**
   * A visit announced in advance, for spaces that ask for notice. Registered inside the host's
   * notice window it still counts only from `notice.countsFrom`: the caller is told so.
   */
  expectVisit({ memberId, date }: ValidInput<'expectVisit'>, actor: Actor = LOCAL): Expected {
    if (!isCalendarDate(date)) throw new KioskError(`${date} is not a calendar date`, 'invalid');
    const { visaList, now } = this.deps;
    const host = visaList.hostSpace();
    const member = visaList.list.member(memberId);
    if (!member) throw new KioskError(`no member "${memberId}" in the visa list`, 'not_found');
    if (member.spaceId === host.id)
      throw new KioskError(`${memberId} is a member of ${host.name}, this space: members need no announced visit here`, 'invalid', {
        detail: { what: 'own_member' },
      });
    const at = now();
    if (date < localDate(at, host.timezone)) throw new KioskError(`${date} is in the past at ${host.name}`, 'invalid', { detail: { what: 'date_past' } });
    const hours = host.visa.noticeHours;
    const window = checkNoticeWindow(at, date, host.timezone, hours);
    // The registry takes announcements up to a year ahead: a later day is a mistyped year.
    if (!window.ok && window.problem === 'too_far')
      throw new KioskError(`${date} is more than a year ahead: check the year`, 'invalid', { detail: { what: 'date_too_far' } });
    writeTx(this.deps.db, 'the expected visit', () => {
      this.expected.register(memberId, date, at.toISOString(), actor.staffId);
      this.deps.record(actor, 'expect visit', { member: memberId, date });
    });
    const notice = !window.ok && window.problem === 'inside_notice' ? { hours, countsFrom: new Date(at.getTime() + hours * 3_600_000).toISOString() } : null;
    return { memberId, date, notice };
  }

  /** Who is expected on a day (announced by the member at the registry, or by staff), earliest notice first. */
  expectedVisits({ date }: ValidInput<'expectedVisits'>): ExpectedVisit[] {
    const { list } = this.deps.visaList;
    return this.expected.onDate(date).map((row) => {
      const member = list.member(row.memberId);
      return {
        memberId: row.memberId,
        name: member?.name ?? null,
        space: member?.spaceId ?? null,
        spaceName: member ? (list.space(member.spaceId)?.name ?? null) : null,
        date: row.localDate,
        registeredAt: row.registeredAt,
        by: row.announcedByMember ? 'member' : row.staffName !== null ? 'staff' : 'command_line',
        staffName: row.staffName,
      };
    });
  }

  /** Takes an expected visit back (a member's at the registry comes back only if they announce it again). */
  removeExpected({ memberId, date }: ValidInput<'removeExpected'>, actor: Actor = LOCAL): { memberId: string; date: string } {
    writeTx(this.deps.db, 'the removal of the expected visit', () => {
      if (!this.expected.remove(memberId, date)) throw new KioskError(`${memberId} is not expected on ${date}`, 'not_found');
      this.deps.record(actor, 'remove expected visit', { member: memberId, date });
    });
    return { memberId, date };
  }
}

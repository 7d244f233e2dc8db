import type { ValidInput } from '../../core/api.js';
import type { VisitView } from '../../core/api/desk.js';
import type { CheckedOut, OnSite } from '../../core/api/presence.js';
import { localDate } from '../../core/calendar.js';
import { KioskError } from '../../core/errors.js';
import type { Db } from '../../db/open.js';
import { presence, type CheckOutHow } from '../../db/presence.js';
import { visits } from '../../db/visits.js';
import { writeTx } from '../../db/write-tx.js';
import type { OneTimeTickets } from '../one-time-tickets.js';
import type { Actor } from '../sessions.js';
import type { AuditRecord } from './audit.js';
import type { KioskEvents } from './events.js';
import type { VisaListService } from './visa-list.js';

/** How long a visitor has to answer "Check out?" after their tap. */
export const CHECK_OUT_TICKET_MS = 2 * 60_000;

export interface PresenceDeps {
  db: Db;
  events: KioskEvents;
  visaList: VisaListService;
  record: AuditRecord;
  now: () => Date;
  /** Issued with a repeat tap's answer (service/kiosk/decide.ts): each stands for one visit. */
  checkOutTickets: OneTimeTickets<number>;
}

/** Who is in the building: check-outs by a visitor's answer or by staff, the on-site list, day passes paid at the desk. */
export class PresenceService {
  private readonly visits;
  private readonly presence;

  constructor(private readonly deps: PresenceDeps) {
    this.visits = visits(deps.db);
    this.presence = presence(deps.db);
  }

  /** The visitor said Yes to "Check out?". */
  checkOut({ ticket }: ValidInput<'checkOut'>): CheckedOut {
    const visitId = this.deps.checkOutTickets.take(ticket);
    if (visitId === null)
      throw new KioskError('this check-out question has expired: tap your badge again to check out', 'invalid', { detail: { what: 'check_out_expired' } });
    return this.close(visitId, 'screen', null);
  }

  /** Staff check a visitor out from the on-site list (someone who left without tapping). */
  checkOutVisit({ visitId }: ValidInput<'checkOutVisit'>, actor: Actor): CheckedOut {
    return this.close(visitId, 'staff', actor);
  }

  onSiteNow(): OnSite[] {
    return this.presence.onSite(this.today());
  }

  /** A day pass sold "pay at the desk" has been paid: who took it and how. */
  markPaid({ visitId, method }: ValidInput<'markPaid'>, actor: Actor): VisitView {
    return writeTx(this.deps.db, 'the payment', () => {
      const visit = this.visits.view(visitId);
      if (!visit) throw new KioskError(`there is no visit #${visitId}`, 'not_found');
      if (!visit.payAtDesk || visit.voidedAt)
        throw new KioskError(`visit #${visitId} is not a day pass to pay at the desk`, 'invalid', { detail: { what: 'not_pay_at_desk' } });
      if (visit.payment)
        throw new KioskError(`visit #${visitId} was marked paid already (${visit.payment.method})`, 'invalid', { detail: { what: 'already_paid' } });
      this.presence.markPaid(visitId, this.deps.now().toISOString(), actor.staffId, method);
      this.deps.record(actor, 'mark paid', { visit: visitId, method, price: visit.price, currency: visit.currency });
      return this.visits.view(visitId)!;
    });
  }

  private close(visitId: number, how: CheckOutHow, actor: Actor | null): CheckedOut {
    const at = this.deps.now().toISOString();
    const today = this.today();
    const done = writeTx(this.deps.db, 'the check-out', () => {
      const visit = this.visits.view(visitId);
      if (!visit) throw new KioskError(`there is no visit #${visitId}`, 'not_found');
      if (visit.decision !== 'admitted' || visit.voidedAt)
        throw new KioskError(`visit #${visitId} was not let in: there is nobody to check out`, 'invalid', { detail: { what: 'not_on_site' } });
      if (visit.localDate !== today)
        throw new KioskError(`visit #${visitId} was on ${visit.localDate}: it closed at the end of that day`, 'invalid', { detail: { what: 'visit_closed' } });
      if (visit.checkedOutAt)
        throw new KioskError(`visit #${visitId} checked out already, at ${visit.checkedOutAt}`, 'invalid', { detail: { what: 'already_checked_out' } });
      this.presence.checkOut(visitId, at, how, actor?.staffId ?? null);
      if (actor) this.deps.record(actor, 'check out', { visit: visitId, name: visit.name });
      return { visitId, at, name: visit.name };
    });
    this.deps.events.emit('presence', { visitId, at, onSite: false });
    return done;
  }

  private today(): string {
    return localDate(this.deps.now(), this.deps.visaList.hostSpace().timezone);
  }
}

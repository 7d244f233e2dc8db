import type { ValidInput } from '../../core/api.js';
import type { CheckinResult } from '../../core/api/checkin.js';
import type { PrinterStatus } from '../../core/api/printer.js';
import type { Badge, PrintOutcome, PrinterSettings } from '../../core/badge.js';
import { localDate } from '../../core/calendar.js';
import { KioskError } from '../../core/errors.js';
import { queueReason, type PrinterReason } from '../../core/printer-reason.js';
import type { VisitKind } from '../../core/vocabulary.js';
import type { Db } from '../../db/open.js';
import { visits } from '../../db/visits.js';
import { writeTx } from '../../db/write-tx.js';
import { findQueue, listingFailure, missingQueueMessage } from '../../drivers/printers/cups-queues.js';
import type { BadgeQueue } from '../badge-printing.js';
import type { Logger } from '../logging/logger.js';
import type { Actor } from '../sessions.js';
import { LOCAL, type AuditRecord } from './audit.js';
import type { DeskOutbox } from './desk-outbox.js';
import type { SettingsService } from './settings.js';
import type { VisaListService } from './visa-list.js';

/** A visit's badge, marked pending in the visit's commit, to print once it is committed. */
export interface PendingBadge {
  badge: Badge & { visitId: number };
  settings: PrinterSettings;
}

/** A check-in as its transaction committed it, with the badge it is to print. */
export interface Saved {
  result: CheckinResult;
  badge: PendingBadge | null;
}

export interface BadgeDeps {
  db: Db;
  queue: BadgeQueue;
  settings: SettingsService;
  visaList: VisaListService;
  record: AuditRecord;
  now: () => Date;
  logger: Logger;
  outbox: DeskOutbox;
}

/** Visitors' badges: the printer's settings and state, badges marked pending with their visit, reprints. */
export class BadgeService {
  private readonly visits;

  constructor(private readonly deps: BadgeDeps) {
    this.visits = visits(deps.db);
  }

  /** Where the badge queue records a badge's outcome, with why it did not print. */
  setStatus(visitId: number, status: 'printed' | 'failed' | 'pending', reason: PrinterReason | null = null): void {
    if (status !== 'failed') return this.visits.setBadgeStatus(visitId, status);
    writeTx(this.deps.db, 'the badge status', () => {
      this.visits.setBadgeStatus(visitId, status, reason);
      this.failedNotice(visitId);
    });
  }

  /** The desk hears of a badge that did not print, in the transaction that marks it. */
  private failedNotice(visitId: number): void {
    this.deps.outbox.notify({ kind: 'badge_failed', visitId, name: this.visits.view(visitId)?.name ?? null }, this.deps.now());
  }

  /**
   * A badge left "pending" by a kiosk that stopped or crashed mid-print would read "Printing…"
   * at the front desk for ever: the running kiosk, the one that prints, marks those not printed.
   * A print still running in another process records its own outcome over this.
   */
  failInterrupted(): void {
    const interrupted = this.failStillPending(this.visits.pendingBadges()).length;
    if (interrupted > 0)
      this.deps.logger.warn('badge.interrupted', {
        badges: interrupted,
        message: `${interrupted} badge${interrupted === 1 ? ' was' : 's were'} still printing when the kiosk last stopped: marked not printed (reprint from Today)`,
      });
  }

  /**
   * Badges this kiosk was still printing as it closes (a stopped queue, a jam): marked not printed
   * now, with the desk told, rather than left "Printing…" until some kiosk starts again.
   */
  failUnfinished(visitIds: number[]): void {
    if (visitIds.length === 0) return;
    const { logger } = this.deps;
    try {
      for (const id of this.failStillPending(visitIds))
        logger.warn('badge.unfinished', {
          visitId: id,
          message: `the badge for visit #${id} was still printing as the kiosk stopped: marked not printed (reprint from Today)`,
        });
    } catch (error) {
      logger.warn('badge.unfinished', { message: `badges still printing as the kiosk stopped could not be marked not printed: ${(error as Error).message}` });
    }
  }

  /** Marks not printed, in one transaction and each with its desk notice, those of these badges still pending; returns their visits. */
  private failStillPending(visitIds: number[]): number[] {
    return writeTx(this.deps.db, 'the badge status', () =>
      visitIds.filter((id) => {
        if (this.visits.view(id)?.badgeStatus !== 'pending') return false;
        this.visits.setBadgeStatus(id, 'failed', { state: 'interrupted' });
        this.failedNotice(id);
        return true;
      }),
    );
  }

  private printerSettings(): PrinterSettings | null {
    const { settings } = this.deps;
    const name = settings.value('printer.name');
    if (!name) return null;
    return {
      name,
      format: settings.value('printer.format'),
      label: settings.value('printer.label'),
      timeoutSeconds: settings.value('printer.timeoutSeconds'),
      dpi: settings.value('printer.dpi'),
    };
  }

  /**
   * Inside the transaction that logs a visit: the badge it gets, if a printer is set, marked
   * pending in the same commit (one fsync for the visit and its badge status).
   */
  markPending(badge: Badge & { visitId: number }): PendingBadge | null {
    const settings = this.printerSettings();
    if (!settings) return null;
    this.visits.setBadgeStatus(badge.visitId, 'pending');
    return { badge, settings };
  }

  /** Visitors (visa, day pass, guest) get a badge once their visit is logged; members have their own. */
  withPending(result: CheckinResult): Saved {
    if (result.decision !== 'admitted' || result.repeat || result.visitId === null || result.kind === 'member' || result.kind === null)
      return { result, badge: null };
    const badge = {
      name: result.member?.name ?? '',
      kind: result.kind,
      homeSpace: result.member?.spaceName ?? null,
      hostSpace: this.deps.visaList.hostSpace().name,
      validOn: result.localDate,
      visitId: result.visitId,
    };
    return { result, badge: this.markPending(badge) };
  }

  /** After the commit: prints the badge marked pending, if any. */
  start({ result, badge }: Saved): CheckinResult {
    if (!badge) return result;
    this.print(badge);
    return { ...result, badge: 'pending' };
  }

  /** Starts printing a badge its visit's commit marked pending; the outcome follows as a badgeStatus event. */
  print({ badge, settings }: PendingBadge): void {
    this.deps.queue.start(badge, settings);
  }

  async printerStatus(): Promise<PrinterStatus> {
    const settings = this.printerSettings();
    if (!settings)
      return {
        configured: null,
        queue: null,
        detail: 'no badge printer is set (printer.name): visits are logged without badges',
        reason: { state: 'none_set' },
      };
    const configured = { name: settings.name, format: settings.format, label: settings.label };
    const queues = await this.deps.queue.queues().catch((error: Error) => error);
    if (queues instanceof Error) return { configured, queue: null, detail: queues.message, reason: listingFailure(queues.message) };
    const queue = findQueue(queues, settings.name);
    const detail = !queue
      ? missingQueueMessage(settings.name, queues)
      : queue.state === 'stopped' || !queue.acceptingJobs
        ? `${queue.name} is stopped${queue.message ? `: ${queue.message}` : ''}`
        : `${queue.name} is ready`;
    return { configured, queue, detail, reason: queueReason(settings.name, queue) };
  }

  /** A sample badge on the configured printer, waiting for the outcome. */
  async testPrint(): Promise<PrintOutcome> {
    const settings = this.printerSettings();
    if (!settings) throw noPrinter();
    const host = this.deps.visaList.hostSpace();
    return this.deps.queue.print(
      { name: 'Test Badge', kind: 'guest', homeSpace: null, hostSpace: host.name, validOn: localDate(this.deps.now(), host.timezone), visitId: null },
      settings,
    );
  }

  /** Prints a visit's badge again (after a jam, or a stopped queue now running), waiting for the outcome. */
  async reprint({ visitId }: ValidInput<'reprintBadge'>, actor: Actor = LOCAL): Promise<PrintOutcome> {
    const settings = this.printerSettings();
    if (!settings) throw noPrinter();
    const visit = this.visits.view(visitId);
    if (!visit) throw new KioskError(`there is no visit #${visitId}`, 'not_found');
    if (visit.decision !== 'admitted' || visit.voidedAt) throw new KioskError(`visit #${visitId} was not admitted, or was voided: no badge`, 'invalid');
    writeTx(this.deps.db, 'the reprint', () => this.deps.record(actor, 'reprint badge', { visit: visitId }));
    const kind = (visit.kind ?? 'guest') as VisitKind;
    return this.deps.queue.print(
      { name: visit.name ?? '', kind, homeSpace: visit.homeSpace, hostSpace: this.deps.visaList.hostSpace().name, validOn: visit.localDate, visitId },
      settings,
    );
  }
}

function noPrinter(): KioskError {
  return new KioskError('no badge printer is set: run `visa-kiosk config set printer.name QUEUE`', 'invalid', { detail: { what: 'no_printer' } });
}

import type { ValidInput } from '../../core/api.js';
import type { CallTaker, DeskCalls, StaffCallReply } from '../../core/api/desk-calls.js';
import type { DeskNotice, NoticeFacts } from '../../core/desk-notice.js';
import { KioskError } from '../../core/errors.js';
import type { Db } from '../../db/open.js';
import { outbox } from '../../db/outbox.js';
import { writeTx } from '../../db/write-tx.js';
import { WebhookWorker } from '../desk/webhook-worker.js';
import type { Logger } from '../logging/logger.js';
import type { Actor } from '../sessions.js';
import type { Screen } from '../staff-access.js';
import { screenActor, type AuditRecord } from './audit.js';
import type { KioskEvents } from './events.js';
import type { SettingsService } from './settings.js';
import type { VisaListService } from './visa-list.js';

/** How long the webhook worker waits; tests shorten them. */
export interface OutboxTiming {
  /** How long the webhook may take to answer one notice. */
  webhookTimeoutMs?: number;
  /** How often an idle kiosk looks for notices the command line wrote. */
  idlePollMs?: number;
}

export interface DeskOutboxDeps {
  db: Db;
  events: KioskEvents;
  settings: SettingsService;
  visaList: VisaListService;
  record: AuditRecord;
  now: () => Date;
  logger: Logger;
  timing?: OutboxTiming;
}

/**
 * The desk hears the kiosk: calls for staff, visa check-ins, day-pass sales and badges that did
 * not print are written to the outbox with what they report, then delivered off the tap path to
 * the webhook and to staff screens. Calls stay on staff screens until someone dismisses them.
 */
export class DeskOutbox {
  readonly table;
  private readonly worker: WebhookWorker;
  private readonly waiting = new Map<string, Set<(taker: CallTaker | null) => void>>();

  constructor(private readonly deps: DeskOutboxDeps) {
    this.table = outbox(deps.db);
    const { settings } = deps;
    this.worker = new WebhookWorker({
      outbox: this.table,
      target: () => ({
        url: settings.value('desk.webhookUrl') ?? null,
        format: settings.value('desk.webhookFormat'),
        language: settings.value('kiosk.language'),
        firstRetryMs: settings.value('desk.retrySeconds') * 1000,
        maxRetryMs: settings.value('desk.retryMaxSeconds') * 1000,
      }),
      now: deps.now,
      logger: deps.logger,
      timeoutMs: deps.timing?.webhookTimeoutMs ?? 10_000,
      idlePollMs: deps.timing?.idlePollMs ?? 30_000,
      changed: (taken) => {
        if (taken?.kind === 'staff_call') this.taken(taken.id, 'webhook');
        this.tellScreens();
      },
    });
  }

  /** The running kiosk delivers; a one-shot command only writes. */
  start(): void {
    this.worker.start();
  }

  stop(): void {
    this.worker.stop();
    for (const id of [...this.waiting.keys()]) this.taken(id, null);
  }

  /**
   * Writes a notice for the webhook: call inside the transaction of what it reports, so neither is
   * kept without the other. With no webhook set nothing is written: staff screens show visits on
   * Today, and a tap pays for no second row. Delivery starts once that transaction has ended.
   */
  notify(facts: Exclude<NoticeFacts, { kind: 'staff_call' }>, at: Date): void {
    if (this.deps.settings.value('desk.webhookUrl') === undefined) return;
    this.write(facts, at, true);
  }

  /** Writes a notice, in the caller's transaction, and wakes delivery after it. */
  private write(facts: NoticeFacts, at: Date, forWebhook: boolean): DeskNotice {
    const notice = this.table.add(facts, at.toISOString(), this.space(), forWebhook);
    setImmediate(() => {
      this.worker.wake(facts.kind === 'staff_call');
      if (facts.kind === 'staff_call') this.tellScreens();
    });
    return notice;
  }

  /**
   * A visitor pressed "Call staff": the call is kept, and answered once a channel took it (the
   * webhook answered 2xx, or a staff screen showed it), or after a few seconds with nobody yet.
   */
  async callStaff({ credential, name }: ValidInput<'callStaff'>, screen: Screen): Promise<StaffCallReply> {
    const { db, record, now } = this.deps;
    const notice = writeTx(db, 'the call for staff', () => {
      const facts = { kind: 'staff_call' as const, credential: credential ?? null, name: name ?? null };
      const written = this.write(facts, now(), this.deps.settings.value('desk.webhookUrl') !== undefined);
      // The trail names the call and the screen, never the visitor: it is never erased.
      record(screenActor(screen), 'staff call', { call: written.id });
      return written;
    });
    const takenBy = await this.takenWithin(notice.id, this.deps.settings.value('desk.callWaitSeconds') * 1000);
    return { id: notice.id, at: notice.at, credential: credential ?? null, name: name ?? null, takenBy };
  }

  calls(): DeskCalls {
    const { settings } = this.deps;
    return { calls: this.table.openCalls(), webhook: settings.value('desk.webhookUrl') ? this.table.webhookState() : null };
  }

  /** A staff screen shows these calls: each one counts as taken by the first screen that shows it. */
  showing({ ids }: ValidInput<'showingCalls'>): DeskCalls {
    const at = this.deps.now().toISOString();
    const heard = writeTx(this.deps.db, 'the call shown', () => ids.filter((id) => this.table.heard(id, at)));
    for (const id of heard) this.taken(id, 'screen');
    if (heard.length > 0) this.tellScreens();
    return this.calls();
  }

  /** Staff dealt with a call: it leaves every staff screen, and the audit trail says who and when. */
  dismiss({ id }: ValidInput<'dismissCall'>, actor: Actor): DeskCalls {
    const { db, now, record } = this.deps;
    writeTx(db, 'dismissing the call', () => {
      const call = this.table.call(id);
      if (!call) throw new KioskError('there is no such call for staff', 'not_found');
      if (call.dismissedAt) throw new KioskError('this call was dismissed already', 'invalid');
      const at = now().toISOString();
      if (this.table.heard(id, at)) this.taken(id, 'screen');
      this.table.dismiss(id, at, actor.staffId);
      record(actor, 'dismiss staff call', { call: id, calledAt: call.at });
    });
    this.tellScreens();
    return this.calls();
  }

  private takenWithin(id: string, ms: number): Promise<CallTaker | null> {
    const call = this.table.call(id);
    if (call?.deliveredAt) return Promise.resolve('webhook');
    if (call?.heardAt) return Promise.resolve('screen');
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(id, done, null), ms);
      const done = (taker: CallTaker | null) => {
        clearTimeout(timer);
        resolve(taker);
      };
      const waiters = this.waiting.get(id) ?? new Set();
      waiters.add(done);
      this.waiting.set(id, waiters);
    });
  }

  private settle(id: string, waiter: (taker: CallTaker | null) => void, taker: CallTaker | null): void {
    this.waiting.get(id)?.delete(waiter);
    if (this.waiting.get(id)?.size === 0) this.waiting.delete(id);
    waiter(taker);
  }

  private taken(id: string, taker: CallTaker | null): void {
    for (const waiter of this.waiting.get(id) ?? []) this.settle(id, waiter, taker);
  }

  private tellScreens(): void {
    if (this.deps.db.open) this.deps.events.emit('deskCalls', this.calls());
  }

  /** The space the notice is about, as the installed list names it; a kiosk without one still calls for help. */
  private space(): DeskNotice['space'] {
    try {
      const { id, name, timezone } = this.deps.visaList.hostSpace();
      return { id, name, timezone };
    } catch {
      return null;
    }
  }
}

import type { WebhookFailure } from '../../core/api/desk-calls.js';
import { retryDelayMs, type DeskNotice, type NoticeLanguage, type WebhookFormat } from '../../core/desk-notice.js';
import type { Outbox } from '../../db/outbox.js';
import type { Logger } from '../logging/logger.js';
import { postNotice } from './webhook-post.js';

export interface WebhookWorkerDeps {
  outbox: Outbox;
  /** The webhook as the settings say now: read before each try, so a changed URL is used at once. */
  target: () => { url: string | null; format: WebhookFormat; language: NoticeLanguage; firstRetryMs: number; maxRetryMs: number };
  now: () => Date;
  logger: Logger;
  timeoutMs: number;
  /** How often an idle worker looks for notices other processes wrote (the command line sells day passes too). */
  idlePollMs: number;
  /** A notice was taken, or a try failed: screens are told. */
  changed: (taken: DeskNotice | null) => void;
}

/**
 * Delivers the outbox to the webhook, calls first, each kind oldest first, off the tap path: a failure (any answer but
 * 2xx, a timeout, a refused connection) stops the round, and the next one starts after a wait
 * that doubles with each failure in a row, up to a cap. Delivery is at least once: a notice
 * taken but not marked (the kiosk stopped in between) is sent again, with the same id.
 */
export class WebhookWorker {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private again = false;
  private failures = 0;
  private stopping = new AbortController();

  constructor(private readonly deps: WebhookWorkerDeps) {}

  start(): void {
    this.stopping = new AbortController();
    this.wake(true);
  }

  stop(): void {
    this.stopping.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** A notice was written: delivered now, unless the webhook is failing; `urgent` (a visitor waits) tries it even then. */
  wake(urgent = false): void {
    if (this.stopping.signal.aborted) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.failures > 0 && !urgent) return;
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.round(), ms);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    this.timer = null;
    this.running = true;
    this.again = false;
    let wait: number;
    try {
      wait = await this.deliver();
    } catch (error) {
      // A database refusing the mark (locked, full): the notice stays and is sent again later.
      this.deps.logger.warn('webhook.outbox', { message: `the desk's outbox could not be read or marked: ${(error as Error).message}` });
      this.failures++;
      wait = this.retryWait();
    } finally {
      this.running = false;
    }
    if (this.stopping.signal.aborted) return;
    this.schedule(this.again && this.failures === 0 ? 0 : wait);
  }

  /** One round: every waiting notice in turn until none is left or one fails; returns how long to wait before the next round. */
  private async deliver(): Promise<number> {
    const { outbox, target, now, logger } = this.deps;
    for (;;) {
      const { url, format, language } = target();
      if (!url) return this.deps.idlePollMs;
      const notice = outbox.nextForWebhook();
      if (!notice) return this.deps.idlePollMs;
      const failure = await postNotice(url, notice, format, language, { timeoutMs: this.deps.timeoutMs, stop: this.stopping.signal });
      if (this.stopping.signal.aborted) return 0;
      if (failure) {
        outbox.failed(notice.id, failure, now().toISOString());
        this.failures++;
        const wait = this.retryWait();
        logger.warn('webhook.failed', {
          notice: notice.id,
          kind: notice.kind,
          failure,
          retryInMs: wait,
          message: `the webhook did not take a notice (${describe(failure)}): tried again in ${Math.round(wait / 1000)} s`,
        });
        this.deps.changed(null);
        return wait;
      }
      outbox.delivered(notice.id, now().toISOString());
      this.failures = 0;
      this.deps.changed(notice);
    }
  }

  private retryWait(): number {
    const { firstRetryMs, maxRetryMs } = this.deps.target();
    return retryDelayMs(this.failures, firstRetryMs, maxRetryMs);
  }
}

function describe(failure: WebhookFailure): string {
  switch (failure.kind) {
    case 'status':
      return `it answered ${failure.status}`;
    case 'refused':
      return 'connection refused';
    case 'timeout':
      return 'no answer in time';
    case 'unreachable':
      return 'it could not be reached';
  }
}

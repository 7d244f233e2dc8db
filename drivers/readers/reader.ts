import { EventEmitter } from 'node:events';
import { normaliseBarcode, normaliseRfid, type Normalised } from '../../core/credentials.js';
import { passIn } from '../../core/pass/pass-verdict.js';
import type { BadRead, ReaderReason } from '../../core/reader-reason.js';
import type { CredentialRead, LineForm, ReaderState, ReaderStatus } from '../../core/readers.js';
import type { Decoded } from './decoder.js';
import { ConfirmFilter } from './confirm-filter.js';
import { Reconnector, type RetryPolicy } from './reconnect.js';
import { RepeatFilter } from './repeat-filter.js';

export interface ReaderEvents {
  credential: [CredentialRead];
  status: [ReaderStatus];
}

/** Every reader: started once, stopped once, reporting reads and its health as events. */
export interface Reader {
  readonly id: string;
  readonly events: EventEmitter<ReaderEvents>;
  start(): void;
  stop(): Promise<void>;
  status(): ReaderStatus;
}

export const DEFAULT_REPEAT_SECONDS = 3;

/**
 * Bad frames are each counted, but told at most once a second: a noisy line (a wrong baud rate,
 * a loose cable) refuses thousands a second, and every screen is sent each status it hears.
 */
export const BAD_FRAME_REPORT_MS = 1000;

/** Text from a reader to a canonical credential, as the reader's configuration says it writes; a visa pass is a barcode whatever the form. */
export function interpret(text: string, form: LineForm): Normalised {
  return form === 'barcode' || passIn(text) !== null ? normaliseBarcode(text) : normaliseRfid(text, form);
}

/**
 * What all readers share once bytes are decoded: normalise, drop repeats, count bad frames,
 * report status. Subclasses own the device and feed `handle` with their decoder's output.
 */
export abstract class ReaderBase implements Reader {
  readonly events = new EventEmitter<ReaderEvents>();
  private readonly repeats: RepeatFilter;
  protected readonly confirm: ConfirmFilter;
  private current: Omit<ReaderStatus, 'readerId' | 'badFrames'> = { state: 'disconnected', detail: 'not started', reason: { state: 'not_started' } };
  private badFrames = 0;
  private lastBadReason = '';
  private lastBadRead: BadRead | null = null;
  private badReportedAt = -Infinity;
  private badReportTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly id: string,
    private readonly form: LineForm,
    repeatSeconds: number,
    /** Identical frames in a row before a read counts (see confirm-filter.ts); 1 for readers that send once. */
    confirmReads = 1,
  ) {
    this.repeats = new RepeatFilter(repeatSeconds * 1000);
    this.confirm = new ConfirmFilter(confirmReads);
  }

  abstract start(): void;
  abstract stop(): Promise<void>;

  status(): ReaderStatus {
    return { readerId: this.id, ...this.current, badFrames: this.badFrames };
  }

  protected setStatus(state: ReaderState, detail: string, reason: ReaderReason): void {
    if (state === this.current.state && detail === this.current.detail) return;
    this.current = { state, detail, reason };
    this.events.emit('status', this.status());
  }

  private refuse(reason: string, bad: BadRead): void {
    this.badFrames += 1;
    this.lastBadReason = reason;
    this.lastBadRead = bad;
    const wait = this.badReportedAt + BAD_FRAME_REPORT_MS - performance.now();
    if (wait <= 0) this.reportBadFrames();
    // The last of a burst is still told, with the count it reached.
    else this.badReportTimer ??= setTimeout(() => this.reportBadFrames(), wait);
  }

  private reportBadFrames(): void {
    this.cancelBadFrameReport();
    this.badReportedAt = performance.now();
    this.events.emit('status', {
      ...this.status(),
      detail: `${this.current.detail}; last bad read: ${this.lastBadReason}`,
      ...(this.lastBadRead && { lastBadRead: this.lastBadRead }),
    });
  }

  /** Drops a bad-frame status still waiting to be told (the reader is stopping). */
  protected cancelBadFrameReport(): void {
    if (this.badReportTimer) clearTimeout(this.badReportTimer);
    this.badReportTimer = null;
  }

  protected handle(results: Decoded[]): void {
    for (const result of results) {
      if (result.type === 'error') {
        // A refused frame breaks a run of identical ones: "in a row" means nothing between.
        this.confirm.reset();
        this.refuse(result.reason, { what: 'frame', problem: result.problem });
        continue;
      }
      // The steady clock: a wall clock set back (NTP, a dead RTC battery) must not swallow a tap.
      const now = performance.now();
      if (!this.confirm.accept(result.text, now)) continue;
      const normalised = interpret(result.text, result.form ?? this.form);
      if (!normalised.ok) {
        this.refuse(normalised.error, { what: 'credential', text: result.text, fault: normalised.fault });
        continue;
      }
      const { credential } = normalised;
      if (!this.repeats.accept(`${credential.kind}:${credential.value}`, now)) continue;
      this.events.emit('credential', { ...credential, raw: result.text, readerId: this.id, at: new Date().toISOString() });
    }
  }
}

/**
 * A reader with a device that can go away: `connect` opens it (scheduling `reconnect` when it
 * cannot), `disconnect` releases it. Start and stop are shared so both kinds behave alike.
 */
export abstract class DeviceReader extends ReaderBase {
  protected readonly reconnect: Reconnector;
  protected stopped = true;

  constructor(id: string, form: LineForm, repeatSeconds: number, retry: RetryPolicy, confirmReads = 1) {
    super(id, form, repeatSeconds, confirmReads);
    this.reconnect = new Reconnector(retry, () => void this.connect());
  }

  protected abstract connect(): Promise<void>;
  protected abstract disconnect(): Promise<void>;

  /** The device is not there, or went away: says so and tries again later (unless stopped). */
  protected waitFor(detail: string, reason: ReaderReason): void {
    if (this.stopped) return;
    this.setStatus('disconnected', detail, reason);
    this.reconnect.schedule();
  }

  /** The device is open: the next loss starts its backoff afresh. */
  protected opened(detail: string, reason: ReaderReason): void {
    this.reconnect.succeeded();
    this.setStatus('connected', detail, reason);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.reconnect.cancel();
    this.cancelBadFrameReport();
    await this.disconnect();
    this.setStatus('disconnected', 'stopped', { state: 'stopped' });
  }
}

import type { CredentialRead, ReaderConfig, ReaderStatus } from '../core/readers.js';
import { createReader } from '../drivers/readers/create-reader.js';
import type { Reader } from '../drivers/readers/reader.js';
import type { Logger } from './logging/logger.js';

export type ReaderFactory = (config: ReaderConfig) => Reader;

/**
 * The configured readers, run together: each read goes to `onRead` (the same check-in path
 * as `visa-kiosk checkin`) with the screen its reader belongs to (null: none), each status change to `onStatus`.
 */
export class ReaderHub {
  private readers: Reader[] = [];
  /** Each reader's last state, so the log hears of a change once, not of every refused frame. */
  private readonly states = new Map<string, ReaderStatus['state']>();

  constructor(
    private readonly onRead: (read: CredentialRead, screen: string | null) => void,
    private readonly onStatus: (status: ReaderStatus) => void,
    private readonly factory: ReaderFactory = createReader,
    private readonly logger?: Pick<Logger, 'info' | 'warn'>,
  ) {}

  /** Replaces the running readers with these; the old ones are stopped first. */
  async start(configs: readonly ReaderConfig[]): Promise<void> {
    await this.stop();
    this.readers = configs.map((config) => {
      const reader = this.factory(config);
      reader.events.on('credential', (read) => this.onRead(read, config.screen ?? null));
      reader.events.on('status', (status: ReaderStatus) => {
        this.logChange(status);
        this.onStatus(status);
      });
      reader.start();
      return reader;
    });
  }

  async stop(): Promise<void> {
    const running = this.readers;
    this.readers = [];
    // Readers started again are new: their first state is news to the log.
    this.states.clear();
    // Detach first, synchronously: nothing read after this point reaches the service.
    for (const reader of running) reader.events.removeAllListeners();
    await Promise.all(running.map((reader) => reader.stop()));
  }

  /** A reader unplugged, failing or back, in the log (and on stderr when it went away): the screens are not the only record. */
  private logChange({ readerId, state, detail }: ReaderStatus): void {
    if (this.states.get(readerId) === state) return;
    this.states.set(readerId, state);
    if (state === 'connected') this.logger?.info('reader.connected', { reader: readerId, detail });
    else this.logger?.warn(`reader.${state}`, { reader: readerId, message: `badge reader ${readerId}: ${detail}` });
  }

  statuses(): ReaderStatus[] {
    return this.readers.map((reader) => reader.status());
  }
}

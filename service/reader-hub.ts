import type { CredentialRead, ReaderConfig, ReaderStatus } from '../core/readers.js';
import { createReader } from '../drivers/readers/create-reader.js';
import type { Reader } from '../drivers/readers/reader.js';

export type ReaderFactory = (config: ReaderConfig) => Reader;

/**
 * The configured readers, run together: each read goes to `onRead` (the same check-in path
 * as `visa-kiosk checkin`) with the screen its reader belongs to (null: none), each status change to `onStatus`.
 */
export class ReaderHub {
  private readers: Reader[] = [];

  constructor(
    private readonly onRead: (read: CredentialRead, screen: string | null) => void,
    private readonly onStatus: (status: ReaderStatus) => void,
    private readonly factory: ReaderFactory = createReader,
  ) {}

  /** Replaces the running readers with these; the old ones are stopped first. */
  async start(configs: readonly ReaderConfig[]): Promise<void> {
    await this.stop();
    this.readers = configs.map((config) => {
      const reader = this.factory(config);
      reader.events.on('credential', (read) => this.onRead(read, config.screen ?? null));
      reader.events.on('status', this.onStatus);
      reader.start();
      return reader;
    });
  }

  async stop(): Promise<void> {
    const running = this.readers;
    this.readers = [];
    // Detach first, synchronously: nothing read after this point reaches the service.
    for (const reader of running) reader.events.removeAllListeners();
    await Promise.all(running.map((reader) => reader.stop()));
  }

  statuses(): ReaderStatus[] {
    return this.readers.map((reader) => reader.status());
  }
}

import type { CheckpointPolicy } from '../db/checkpoints.js';
import type { BadgePrinting } from '../drivers/printers/badge-printer.js';
import type { SpoolerEntry } from '../drivers/printers/spool-process.js';
import type { ClientOptions } from './alliance/registry-client.js';
import type { OutboxTiming } from './kiosk/desk-outbox.js';
import type { FeedFetchOptions } from './kiosk/list-sync.js';
import type { ReaderFactory } from './reader-hub.js';

/** What a kiosk is opened with besides its database: the clocks, devices and worker files tests and `serve` replace. */
export interface KioskOptions {
  /** The clock decisions are made by; tests and `--at` replace it. */
  now?: () => Date;
  /** Milliseconds that only go forward, for PIN locks, staff mode's idle lock and badge tickets (performance.now); tests replace it. */
  monotonic?: () => number;
  /** Where readers come from; tests give recorded devices. */
  readerFactory?: ReaderFactory;
  /** The built list-import worker (dist/node/list-worker.js); without it imports run on this thread. */
  listWorker?: string;
  /** The badge printer; by default the system's spooler (CUPS or Windows) through node-printer. */
  printer?: BadgePrinting;
  /** The built export worker (dist/node/export-worker.js): a long export never holds up a tap. */
  exportWorker?: string;
  /** The built slice thread of long exports (dist/node/export-slice-worker.js). */
  exportSliceWorker?: string;
  /** The built start-up check of the kiosk's files (dist/node/storage-check-worker.js); without it the check runs on this thread. */
  storageCheckWorker?: string;
  /** The built checkpoint worker (dist/node/checkpoint-worker.js): the write-ahead log is copied there; without it, on this thread between taps. */
  checkpointWorker?: string;
  /** When the write-ahead log is copied (db/checkpoints.ts); tests lower the bound. */
  checkpoints?: CheckpointPolicy;
  /** The built print spooler process (dist/node/spooler-process.js), started once for the kiosk's life. */
  spooler?: SpoolerEntry;
  /** Timeouts and limits of visa-list downloads; tests shorten them. */
  fetch?: FeedFetchOptions;
  /** Timeouts of requests to an alliance registry (service/alliance/registry-client.ts). */
  registry?: ClientOptions;
  /** Where warnings are also said as one line (stderr); everything goes to logs/kiosk.log beside the database. */
  log?: (line: string) => void;
  /** How long the desk's outbox waits for its channels (service/kiosk/desk-outbox.ts); tests shorten them. */
  outbox?: OutboxTiming;
}

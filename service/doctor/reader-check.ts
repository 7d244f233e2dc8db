import type { ReaderConfig, ReaderStatus } from '../../core/readers.js';
import { createReader } from '../../drivers/readers/create-reader.js';
import type { ReaderFactory } from '../reader-hub.js';
import { fail, pass, warn, type CheckResult } from './check.js';

/** How long a reader may take to be found and opened before it counts as not answering. */
export const READER_WAIT_MS = 3000;

/** Opens the reader with the kiosk's own driver and takes its first word: connected, not there, or why not. */
async function probe(config: ReaderConfig, open: ReaderFactory, waitMs: number): Promise<CheckResult> {
  const name = `reader ${config.id}`;
  const reader = open(config);
  const first = new Promise<ReaderStatus | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), waitMs);
    reader.events.once('status', (status) => {
      clearTimeout(timer);
      resolve(status);
    });
  });
  reader.start();
  const status = await first;
  await reader.stop();
  if (!status) return fail(name, `${config.type} reader did not answer within ${waitMs / 1000} s`);
  if (status.state === 'connected') return pass(name, `found and opened: ${status.detail}`);
  // The running kiosk holds its readers: that is not a fault of the reader.
  if (/in use/.test(status.detail)) return warn(name, `${status.detail} (the running kiosk?)`);
  return fail(name, status.detail);
}

/** Each configured reader found and openable; a kiosk with none configured is told what that means. */
export async function readerChecks(configs: readonly ReaderConfig[], open: ReaderFactory = createReader, waitMs = READER_WAIT_MS): Promise<CheckResult[]> {
  if (configs.length === 0)
    return [warn('readers', 'no readers configured (the readers setting): only keyboard-wedge readers, which type into the kiosk page, will work')];
  return Promise.all(configs.map((config) => probe(config, open, waitMs)));
}

import { parentPort } from 'node:worker_threads';
import { KioskError } from '../core/errors.js';
import { buildList, type BuildJob } from './list-build.js';

/** Builds one list file off the main thread, so taps are answered while a big list imports. */
parentPort!.once('message', (job: BuildJob) => {
  try {
    parentPort!.postMessage({ ok: true, outcome: buildList(job) });
  } catch (error) {
    const known = error instanceof KioskError;
    parentPort!.postMessage({ ok: false, message: (error as Error).message, code: known ? error.code : null });
  }
});

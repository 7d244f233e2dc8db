import { parentPort } from 'node:worker_threads';
import { KioskError } from '../../core/errors.js';
import { notSaved } from '../../db/write-tx.js';
import type { BuildJob } from './build-job.js';
import { buildList } from './list-build.js';

/** Builds one list file off the main thread, so taps are answered while a big list imports. */
parentPort!.once('message', (job: BuildJob) => {
  try {
    parentPort!.postMessage({ ok: true, outcome: buildList(job) });
  } catch (error) {
    // A full disk is said as such on this side too: the kiosk records it as the list's last error.
    const known = notSaved('the visa list', error);
    if (known instanceof KioskError) parentPort!.postMessage({ ok: false, message: known.message, code: known.code, detail: known.detail });
    else parentPort!.postMessage({ ok: false, message: (error as Error).message, code: null });
  }
});

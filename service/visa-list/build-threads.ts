import { MessageChannel, Worker, type Transferable } from 'node:worker_threads';
import { KioskError, type ErrorDetail } from '../../core/errors.js';
import { PIPE_CANCELLED, PIPE_POSTED, PIPE_SIGNAL_BYTES, PIPE_TAKEN } from '../../db/list-file.js';
import type { BuildJob, BuildOutcome } from './build-job.js';
import { buildList } from './list-build.js';

/**
 * Each build thread's young generation (V8 nursery), in MB. The builds make short-lived
 * garbage at a steady rate; at a million members V8's default nursery adds ~50 MB to the
 * process's peak for no speed, and a smaller one costs collections (README, "Performance").
 */
const YOUNG_GENERATION_MB = 24;

/** Runs a build on worker threads (the built list-worker.js), or on this thread without one. */
export function buildOffThread(job: BuildJob, workerFile: string | undefined): Promise<BuildOutcome> {
  if (!workerFile) return Promise.resolve().then(() => buildList(job)!);
  // A feed file is built by two threads: one reads and checks it, the other writes the rows.
  const split = job.format === 'feed' && job.bytes === undefined;
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    const signal = split ? new SharedArrayBuffer(PIPE_SIGNAL_BYTES) : null;
    let settled = false;
    const settle = (error: Error | null, outcome?: BuildOutcome) => {
      if (settled) return;
      settled = true;
      if (signal) {
        // Wakes and stops a thread waiting on the other, before both are ended.
        const flags = new Int32Array(signal);
        Atomics.store(flags, PIPE_CANCELLED, 1);
        Atomics.notify(flags, PIPE_POSTED);
        Atomics.notify(flags, PIPE_TAKEN);
      }
      for (const worker of workers) void worker.terminate();
      if (error) reject(error);
      else resolve(outcome!);
    };
    const start = (message: BuildJob, transfer: Transferable[], replies: boolean) => {
      const worker = new Worker(workerFile, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      workers.push(worker);
      worker.once(
        'message',
        (reply: { ok: true; outcome: BuildOutcome } | { ok: false; message: string; code: KioskError['code'] | null; detail?: ErrorDetail }) => {
          if (!reply.ok) settle(reply.code ? new KioskError(reply.message, reply.code, reply.detail && { detail: reply.detail }) : new Error(reply.message));
          else if (replies) settle(null, reply.outcome);
        },
      );
      worker.once('error', (error) => settle(error));
      worker.once('exit', (code) => {
        if (code !== 0) settle(new Error(`the list import worker stopped (exit ${code})`));
      });
      worker.postMessage(message, transfer);
    };
    if (split) {
      const { port1, port2 } = new MessageChannel();
      start({ ...job, pipe: { role: 'build', port: port1, signal: signal! } }, [port1], true);
      start({ ...job, pipe: { role: 'scan', port: port2, signal: signal! } }, [port2], false);
      return;
    }
    const bytes = job.bytes;
    const owned = bytes !== undefined && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    start(job, owned ? [bytes.buffer as ArrayBuffer] : [], true);
  });
}

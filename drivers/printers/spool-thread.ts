import { Worker } from 'node:worker_threads';
import type { PrintOutcome, QueueInfo } from '../../core/badge.js';
import { KioskError } from '../../core/errors.js';
import type { PrintRequest } from './print-job.js';
import { runSpoolTask, type SpoolReply, type SpoolTask } from './spool-task.js';

/** Past the job's own timeout, how long a worker may take before it is given up on. */
const GRACE_MS = 15_000;

/**
 * Runs spooler work in a worker thread of its own per task (`print-worker.js`, built beside the
 * kiosk), so a spooler that is slow to answer never holds up taps; without a worker file
 * (tests, tools) the work runs on the calling thread.
 */
export class SpoolThread {
  constructor(private readonly workerFile?: string) {}

  async print(request: PrintRequest): Promise<PrintOutcome> {
    const reply = await this.run({ kind: 'print', request }, request.timeoutMs + GRACE_MS);
    if (!reply.ok) return { status: 'failed', jobId: null, detail: reply.message };
    if (!('outcome' in reply)) throw new Error('the print worker answered a print with something else');
    return reply.outcome;
  }

  async queues(): Promise<QueueInfo[]> {
    const reply = await this.run({ kind: 'queues' }, GRACE_MS);
    if (!reply.ok) throw new KioskError(`cannot list printer queues: ${reply.message}`);
    if (!('queues' in reply)) throw new Error('the print worker answered a queue listing with something else');
    return reply.queues;
  }

  private run(task: SpoolTask, limitMs: number): Promise<SpoolReply> {
    if (!this.workerFile) return runSpoolTask(task);
    const worker = new Worker(this.workerFile, { env: process.env });
    return new Promise<SpoolReply>((resolve) => {
      let settled = false;
      const settle = (reply: SpoolReply) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(reply);
        void worker.terminate();
      };
      const timer = setTimeout(() => settle({ ok: false, message: `the print worker did not answer within ${Math.round(limitMs / 1000)} s` }), limitMs);
      worker.once('message', settle);
      worker.once('error', (error) => settle({ ok: false, message: `the print worker failed: ${error.message}` }));
      worker.once('exit', (code) => settle({ ok: false, message: `the print worker stopped (exit ${code})` }));
      worker.postMessage(task);
    });
  }
}

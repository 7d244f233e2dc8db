import type { PrintOutcome, QueueInfo } from '../../core/badge.js';
import { listQueues } from './cups-queues.js';
import { printAndFollow, type PrintRequest } from './print-job.js';
import { systemSpooler } from './spooler.js';

/** What a spool thread is asked to do, and what it answers: plain data, so it crosses threads. */
export type SpoolTask = { kind: 'print'; request: PrintRequest } | { kind: 'queues' };
export type SpoolReply = { ok: true; outcome: PrintOutcome } | { ok: true; queues: QueueInfo[] } | { ok: false; message: string };

export async function runSpoolTask(task: SpoolTask): Promise<SpoolReply> {
  try {
    const spooler = await systemSpooler();
    if (task.kind === 'queues') return { ok: true, queues: listQueues(spooler) };
    return { ok: true, outcome: await printAndFollow(task.request, spooler) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

import { z } from 'zod';
import { PrintOutcome, QueueInfo } from '../../core/badge.js';
import { listQueues } from './cups-queues.js';
import { printAndFollow, type PrintRequest } from './print-job.js';
import { systemSpooler } from './spooler.js';

/** What the print spooler process is asked to do, and what it answers: plain data, so it crosses processes. */
export type SpoolTask = { kind: 'print'; request: PrintRequest } | { kind: 'queues' };
export type SpoolReply = { ok: true; outcome: PrintOutcome } | { ok: true; queues: QueueInfo[] } | { ok: false; message: string };

/** A task on its way to the spooler process, and the reply on its way back, matched by id. */
export interface SpoolRequest {
  id: number;
  task: SpoolTask;
}

/** The spooler process's first message: it listens for requests now. */
export const SpoolerReady = z.object({ ready: z.literal(true) });
export type SpoolerReady = z.infer<typeof SpoolerReady>;

export const SpoolAnswer = z.object({
  id: z.number().int().positive(),
  reply: z.union([
    z.object({ ok: z.literal(true), outcome: PrintOutcome }),
    z.object({ ok: z.literal(true), queues: z.array(QueueInfo) }),
    z.object({ ok: z.literal(false), message: z.string() }),
  ]),
});
export type SpoolAnswer = z.infer<typeof SpoolAnswer>;

/** `stop`: the spooler is ending; a job still waiting is cancelled rather than left to print later. */
export async function runSpoolTask(task: SpoolTask, stop?: AbortSignal): Promise<SpoolReply> {
  try {
    const spooler = await systemSpooler();
    if (task.kind === 'queues') return { ok: true, queues: listQueues(spooler) };
    return { ok: true, outcome: await printAndFollow(task.request, spooler, undefined, stop) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

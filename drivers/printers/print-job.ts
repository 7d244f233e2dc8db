import { z } from 'zod';
import type { PrintOutcome, QueueInfo } from '../../core/badge.js';
import { spoolerWord, type PrinterState } from '../../core/printer-reason.js';
import { findQueue, listingFailure, listQueues, missingQueueMessage } from './cups-queues.js';
import type { Spooler, SpoolJob } from './spooler.js';

export interface PrintRequest extends SpoolJob {
  timeoutMs: number;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = { now: Date.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
const POLL_MS = 200;

export type JobState = { state: 'printed' } | { state: 'waiting' } | { state: 'failed'; reason: 'aborted' | 'cancelled' | 'stopped' | 'error' };

const Statuses = z.array(z.string());

/**
 * What the spooler's status words mean for a badge. CUPS reports one word; job state 6
 * (processing-stopped, after a filter error) has no word in node-printer and comes as
 * "unsupported job status: 6". Windows reports several, PRINTED or COMPLETE at the end.
 */
export function jobState(status: unknown): JobState {
  const words = Statuses.catch([]).parse(status);
  if (words.some((w) => w === 'PRINTED' || w === 'COMPLETE')) return { state: 'printed' };
  if (words.includes('ABORTED')) return { state: 'failed', reason: 'aborted' };
  if (words.some((w) => w === 'CANCELLED' || w === 'DELETED' || w === 'DELETING')) return { state: 'failed', reason: 'cancelled' };
  if (words.some((w) => w.endsWith('job status: 6'))) return { state: 'failed', reason: 'stopped' };
  if (words.includes('ERROR')) return { state: 'failed', reason: 'error' };
  return { state: 'waiting' };
}

type JobFailure = Extract<JobState, { state: 'failed' }>['reason'];

const FAILURE_TEXT: Record<JobFailure, string> = {
  aborted: 'the printer aborted the job',
  cancelled: 'the job was cancelled',
  stopped: 'the job stopped',
  error: 'the printer reported an error',
};

const FAILURE_STATE: Record<JobFailure, PrinterState> = { aborted: 'aborted', cancelled: 'cancelled', stopped: 'job_stopped', error: 'job_error' };

/** The queue's own last word, when it has one, e.g. "Filter failed" or "The printer is not responding". */
function queueNews(spooler: Spooler, name: string): QueueInfo | null {
  try {
    return findQueue(listQueues(spooler), name);
  } catch {
    return null;
  }
}

const because = (queue: QueueInfo | null) => (queue?.message ? `: ${queue.message}` : '');

export const STOPPED_DETAIL = 'cancelled: the kiosk stopped before the badge was printed';

/**
 * Sends one job and follows it to its end: printed, failed (with the spooler's reason), or
 * not finished in time. A job that times out, or is still waiting when `stop` is signalled
 * (the kiosk stopping), is cancelled, so a badge does not come out minutes later when the
 * visitor has gone.
 */
export async function printAndFollow(request: PrintRequest, spooler: Spooler, clock: Clock = realClock, stop?: AbortSignal): Promise<PrintOutcome> {
  const deadline = clock.now() + request.timeoutMs;
  let queues: QueueInfo[];
  try {
    queues = listQueues(spooler);
  } catch (error) {
    const { message } = error as Error;
    return { status: 'failed', jobId: null, detail: message, reason: listingFailure(message) };
  }
  const queue = findQueue(queues, request.printer);
  if (!queue)
    return { status: 'failed', jobId: null, detail: missingQueueMessage(request.printer, queues), reason: { state: 'not_found', queue: request.printer } };
  if (!queue.acceptingJobs)
    return {
      status: 'failed',
      jobId: null,
      detail: `the printer queue "${queue.name}" is not accepting jobs${because(queue)}`,
      reason: { state: 'not_accepting', queue: queue.name, ...spoolerWord(queue) },
    };

  let jobId: number;
  try {
    jobId = spooler.submit({ ...request, printer: queue.name });
  } catch (error) {
    const { message } = error as Error;
    return {
      status: 'failed',
      jobId: null,
      detail: `the spooler refused the job for "${queue.name}": ${message}`,
      reason: { state: 'refused', queue: queue.name, ...(message && { spooler: message }) },
    };
  }

  let seen = false;
  for (;;) {
    const status = spooler.jobStatus(queue.name, jobId);
    if (status === null) {
      // Spoolers that keep no history (Windows) drop a job once the printer has it.
      if (seen)
        return { status: 'printed', jobId, detail: `job ${jobId} left the queue "${queue.name}"`, reason: { state: 'printed', queue: queue.name, jobId } };
    } else {
      seen = true;
      const outcome = jobState(status);
      if (outcome.state === 'printed')
        return { status: 'printed', jobId, detail: `printed on "${queue.name}" (job ${jobId})`, reason: { state: 'printed', queue: queue.name, jobId } };
      if (outcome.state === 'failed') {
        if (outcome.reason === 'stopped') spooler.cancel(queue.name, jobId);
        const news = queueNews(spooler, queue.name);
        return {
          status: 'failed',
          jobId,
          detail: `${FAILURE_TEXT[outcome.reason]} on "${queue.name}"${because(news)}`,
          reason: { state: FAILURE_STATE[outcome.reason], queue: queue.name, jobId, ...spoolerWord(news) },
        };
      }
    }
    if (stop?.aborted) {
      spooler.cancel(queue.name, jobId);
      return { status: 'failed', jobId, detail: STOPPED_DETAIL, reason: { state: 'interrupted', queue: queue.name, jobId } };
    }
    if (clock.now() >= deadline) break;
    await clock.sleep(Math.min(POLL_MS, Math.max(0, deadline - clock.now())));
  }

  spooler.cancel(queue.name, jobId);
  const now = queueNews(spooler, queue.name);
  const stopped = now?.state === 'stopped' ? ` (the queue "${queue.name}" is stopped${because(now)})` : now?.message ? ` (${now.message})` : '';
  const seconds = Math.round(request.timeoutMs / 1000);
  return {
    status: 'failed',
    jobId,
    detail: `timed out after ${seconds} s: the printer did not answer${stopped}`,
    reason: { state: now?.state === 'stopped' ? 'timed_out_stopped' : 'timed_out', queue: queue.name, jobId, seconds, ...spoolerWord(now) },
  };
}

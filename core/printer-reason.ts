import { z } from 'zod';
import type { QueueInfo } from './badge.js';

/**
 * Where the badge printer, or one badge's print, stands, in data: a screen words it in its own
 * language (renderer/printer-words.ts); the English `detail` beside it stays for the command line
 * and the log. `spooler` is the spooler's own free text ("Filter failed"), shown as it is after
 * the screen's words.
 */
export const PrinterReason = z.strictObject({
  state: z.enum([
    // The printer, as the staff's Devices tab shows it.
    'none_set',
    'ready',
    'stopped',
    'not_accepting',
    'not_found',
    'spooler_down',
    'spooler_failed',
    // One badge's print.
    'printed',
    'refused',
    'aborted',
    'cancelled',
    'job_stopped',
    'job_error',
    'timed_out',
    'timed_out_stopped',
    'interrupted',
    'not_laid_out',
  ]),
  queue: z.string().optional(),
  jobId: z.number().int().optional(),
  seconds: z.number().int().optional(),
  spooler: z.string().optional(),
});
export type PrinterReason = z.infer<typeof PrinterReason>;
export type PrinterState = PrinterReason['state'];

/** The spooler's last word on a queue, when it has one. */
export const spoolerWord = (queue: QueueInfo | null): { spooler?: string } => (queue?.message ? { spooler: queue.message } : {});

/** What the configured queue's listing says about it: missing, stopped, refusing jobs, or ready. */
export function queueReason(name: string, queue: QueueInfo | null): PrinterReason {
  if (!queue) return { state: 'not_found', queue: name };
  if (queue.state === 'stopped') return { state: 'stopped', queue: queue.name, ...spoolerWord(queue) };
  if (!queue.acceptingJobs) return { state: 'not_accepting', queue: queue.name, ...spoolerWord(queue) };
  return { state: 'ready', queue: queue.name };
}

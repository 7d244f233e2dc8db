import { z } from 'zod';
import type { QueueInfo } from '../../core/badge.js';
import type { PrinterReason } from '../../core/printer-reason.js';
import type { Spooler } from './spooler.js';

/**
 * A queue as node-printer reports it. On CUPS the facts are IPP attributes in `options`
 * (`printer-state` 3/4/5, `printer-is-accepting-jobs`, `printer-info`); on Windows `status`
 * is a list of words such as PAUSED or OFFLINE.
 */
const ReportedQueue = z.object({
  name: z.string(),
  isDefault: z.boolean().default(false),
  options: z.record(z.string(), z.unknown()).default({}),
  status: z.union([z.string(), z.array(z.string())]).optional(),
});

const STOPPED_WORDS = new Set([
  'STOPPED',
  'PAUSED',
  'ERROR',
  'OFFLINE',
  'NOT-AVAILABLE',
  'PAPER-OUT',
  'PAPER-JAM',
  'DOOR-OPEN',
  'USER-INTERVENTION',
  'PENDING-DELETION',
]);
const BUSY_WORDS = new Set(['PRINTING', 'BUSY', 'PROCESSING', 'IO-ACTIVE', 'WARMING-UP', 'INITIALIZING']);

function state(reported: z.infer<typeof ReportedQueue>): QueueInfo['state'] {
  const ipp = reported.options['printer-state'];
  if (ipp === '3') return 'idle';
  if (ipp === '4') return 'printing';
  if (ipp === '5') return 'stopped';
  const words = [reported.status ?? []].flat();
  if (words.some((w) => STOPPED_WORDS.has(w))) return 'stopped';
  if (words.some((w) => BUSY_WORDS.has(w))) return 'printing';
  return Array.isArray(reported.status) ? 'idle' : 'unknown';
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function queueInfo(raw: unknown): QueueInfo | null {
  const parsed = ReportedQueue.safeParse(raw);
  if (!parsed.success) return null;
  const reported = parsed.data;
  const accepting = reported.options['printer-is-accepting-jobs'];
  return {
    name: reported.name,
    state: state(reported),
    // Windows has no such attribute: its queues always take jobs.
    acceptingJobs: accepting === undefined || accepting === 'true',
    isDefault: reported.isDefault,
    description: text(reported.options['printer-info']) || text(reported.options['description']) || text(reported.options['comment']),
    message: text(reported.options['printer-state-message']),
  };
}

export const SPOOLER_DOWN = 'CUPS, the print spooler, is not running (start it: sudo systemctl start cups)';

/** Why the queues could not be listed, from the error's message (it may have crossed from the spooler process as text). */
export function listingFailure(message: string): PrinterReason {
  return { state: message.includes(SPOOLER_DOWN) ? 'spooler_down' : 'spooler_failed' };
}

/** The queues; with CUPS not running the binding lists none, which must not read as "no queues". */
export function listQueues(spooler: Spooler): QueueInfo[] {
  const queues = spooler.printers().flatMap((raw) => queueInfo(raw) ?? []);
  if (queues.length === 0 && spooler.running() === false) throw new Error(SPOOLER_DOWN);
  return queues;
}

/** CUPS, like Windows, matches queue names without regard to case. */
export function findQueue(queues: QueueInfo[], name: string): QueueInfo | null {
  return queues.find((q) => q.name === name) ?? queues.find((q) => q.name.toLowerCase() === name.toLowerCase()) ?? null;
}

export function missingQueueMessage(name: string, queues: QueueInfo[]): string {
  const names = queues.map((q) => q.name).sort();
  return `no printer queue named "${name}"; ${names.length ? `the queues are: ${names.join(', ')}` : 'this computer has no printer queues'}`;
}

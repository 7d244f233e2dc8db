import type { z } from 'zod';
import { Badge, PrinterSettings, type PrintOutcome, type PrinterSettingsInput, type QueueInfo } from '../../core/badge.js';
import { KioskError } from '../../core/errors.js';
import { describeIssue } from '../../core/schema-messages.js';
import { escposBadge } from './escpos-badge.js';
import { badgeFonts, type FontSet } from './fonts.js';
import { LABELS } from './label-sizes.js';
import { pdfBadge } from './pdf-badge.js';
import type { PrintRequest } from './print-job.js';
import { inProcessSpool, SpoolProcess, type Spool, type SpoolerEntry } from './spool-process.js';
import { zplBadge } from './zpl-badge.js';

/** Prints badges and lists the queues it can print to. */
export interface BadgePrinting {
  print(badge: Badge, settings: PrinterSettingsInput): Promise<PrintOutcome>;
  queues(): Promise<QueueInfo[]>;
  /** Ends what printing keeps running (the spooler process); a test double may have nothing to end. */
  close?(): Promise<void>;
}

export interface BadgePrinterOptions {
  /** The built spooler process; without it, spooler calls run on the calling thread. */
  spooler?: SpoolerEntry;
  fonts?: () => FontSet;
}

/** Past the job's own timeout, how long the spooler may take to answer before it is given up on. */
const GRACE_MS = 15_000;

const invalid = (what: string, error: z.ZodError) => new KioskError(`invalid ${what}: ${error.issues.map(describeIssue).join('; ')}`, 'invalid');

/** The job for a badge in the printer's format: PDF through the queue's driver, at the label's size; ZPL and ESC/POS raw. */
export async function badgeJob(badge: Badge, settings: PrinterSettings, fonts: () => FontSet): Promise<PrintRequest> {
  const common = { printer: settings.name, title: 'Visitor badge', timeoutMs: settings.timeoutSeconds * 1000 };
  switch (settings.format) {
    case 'pdf':
      return { ...common, type: 'PDF', data: await pdfBadge(badge, settings.label, fonts()), options: { media: LABELS[settings.label].cupsMedia } };
    case 'zpl':
      return { ...common, type: 'RAW', data: zplBadge(badge, settings.label, settings.dpi, fonts), options: {} };
    case 'escpos':
      return { ...common, type: 'RAW', data: escposBadge(badge, {}, fonts), options: {} };
  }
}

export class BadgePrinter implements BadgePrinting {
  private readonly spool: Spool;
  private readonly fonts: () => FontSet;

  constructor(options: BadgePrinterOptions = {}) {
    this.spool = options.spooler ? new SpoolProcess(options.spooler.file, options.spooler.launch) : inProcessSpool;
    this.fonts = options.fonts ?? badgeFonts;
  }

  async print(badge: Badge, settings: PrinterSettingsInput): Promise<PrintOutcome> {
    const validBadge = Badge.safeParse(badge);
    if (!validBadge.success) throw invalid('badge', validBadge.error);
    const validSettings = PrinterSettings.safeParse(settings);
    if (!validSettings.success) throw invalid('printer settings', validSettings.error);
    let job: PrintRequest;
    try {
      job = await badgeJob(validBadge.data, validSettings.data, this.fonts);
    } catch (error) {
      // No fonts on this machine, typically: the visit stands, the badge is reported not printed.
      return { status: 'failed', jobId: null, detail: (error as Error).message, reason: { state: 'not_laid_out' } };
    }
    const reply = await this.spool.run({ kind: 'print', request: job }, job.timeoutMs + GRACE_MS);
    if (!reply.ok) return { status: 'failed', jobId: null, detail: reply.message, reason: { state: 'spooler_failed', queue: job.printer } };
    if (!('outcome' in reply)) throw new Error('the print spooler answered a print with something else');
    return reply.outcome;
  }

  async queues(): Promise<QueueInfo[]> {
    const reply = await this.spool.run({ kind: 'queues' }, GRACE_MS);
    if (!reply.ok) throw new KioskError(`cannot list printer queues: ${reply.message}`);
    if (!('queues' in reply)) throw new Error('the print spooler answered a queue listing with something else');
    return reply.queues;
  }

  close(): Promise<void> {
    return this.spool.close();
  }
}

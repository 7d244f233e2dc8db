import type { BadgeStatus } from '../core/api/printer.js';
import type { Badge, PrintOutcome, PrinterSettings, QueueInfo } from '../core/badge.js';
import type { BadgePrinting } from '../drivers/printers/badge-printer.js';
import { retryWhileBusy } from '../db/busy-retry.js';
import type { SpoolerEntry } from '../drivers/printers/spool-process.js';

/**
 * The printer driver, loaded on first use: PDF and font code stay out of a kiosk's start-up,
 * and the spooler process starts with the first badge or queue listing, not before.
 */
export function lazyPrinter(spooler: SpoolerEntry | undefined): BadgePrinting {
  let printer: Promise<BadgePrinting> | null = null;
  const load = () => (printer ??= import('../drivers/printers/badge-printer.js').then(({ BadgePrinter }) => new BadgePrinter(spooler ? { spooler } : {})));
  return {
    print: async (badge, settings) => (await load()).print(badge, settings),
    queues: async () => (await load()).queues(),
    close: async () => {
      if (printer) await (await printer).close?.();
    },
  };
}

/** How long a closing kiosk waits for badges still printing, so their outcomes are recorded. */
const SETTLE_MS = 10_000;

/**
 * Prints a visit's badge after the visit is logged, never before and never in its way: the
 * status goes to the visit (pending, printed, failed) and to the screens as it changes.
 */
export class BadgeQueue {
  private closed = false;
  /** The prints under way in this process, each with its visit (null: a test print). */
  private readonly printing = new Map<Promise<PrintOutcome>, number | null>();

  constructor(
    private readonly printer: BadgePrinting,
    private readonly record: (visitId: number, status: BadgeStatus['status'], reason: BadgeStatus['reason']) => void,
    private readonly announce: (status: BadgeStatus) => void,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Starts printing a badge whose visit is already marked pending (in the visit's own commit)
   * and returns at once; the outcome arrives as a badgeStatus event.
   */
  start(badge: Badge & { visitId: number }, settings: PrinterSettings): void {
    this.announce({ visitId: badge.visitId, status: 'pending', detail: '', reason: null });
    void this.print(badge, settings);
  }

  /** Prints and waits for the outcome (a reprint, a test print). */
  print(badge: Badge, settings: PrinterSettings): Promise<PrintOutcome> {
    const printing = this.printAndRecord(badge, settings);
    this.printing.set(printing, badge.visitId);
    void printing.finally(() => this.printing.delete(printing));
    return printing;
  }

  /** The visits whose badges this process is still printing: at close, those will not be followed to their end. */
  unfinished(): number[] {
    return [...this.printing.values()].filter((visitId) => visitId !== null);
  }

  private async printAndRecord(badge: Badge, settings: PrinterSettings): Promise<PrintOutcome> {
    const outcome = await this.printer
      .print(badge, settings)
      .catch((error: Error): PrintOutcome => ({ status: 'failed', jobId: null, detail: error.message, reason: { state: 'not_laid_out' } }));
    if (this.closed || badge.visitId === null) return outcome;
    try {
      const { visitId } = badge;
      await retryWhileBusy(() => this.record(visitId, outcome.status, outcome.reason));
      this.announce({ visitId: badge.visitId, status: outcome.status, detail: outcome.detail, reason: outcome.reason });
    } catch (error) {
      this.log(`badge for visit #${badge.visitId}: ${outcome.status}, but its status could not be recorded: ${(error as Error).message}`);
    }
    if (outcome.status === 'failed') this.log(`badge for visit #${badge.visitId} not printed: ${outcome.detail}`);
    return outcome;
  }

  queues(): Promise<QueueInfo[]> {
    return this.printer.queues();
  }

  /**
   * Waits a little for badges still printing (a one-shot `visa-kiosk checkin` prints its visitor's
   * badge before the command ends); a badge not done by then is cancelled when the spooler ends.
   * Returns at once, without waiting, when nothing is printing.
   */
  settle(): Promise<void> | null {
    if (this.printing.size === 0) return null;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, SETTLE_MS)));
    return Promise.race([Promise.allSettled([...this.printing.keys()]).then(() => undefined), waited]).finally(() => clearTimeout(timer));
  }

  /** Outcomes after this are not recorded (the database is closing); resolves once the spooler has ended. */
  close(): Promise<void> {
    this.closed = true;
    return this.printer.close?.() ?? Promise.resolve();
  }
}

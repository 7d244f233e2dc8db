import type { PrintDirectOptions } from '@thiagoelg/node-printer';
import { spawnSync } from 'node:child_process';

/**
 * The part of the operating system's print spooler the kiosk uses: CUPS on Linux and macOS,
 * the Windows spooler on Windows, both through `@thiagoelg/node-printer`. Every call blocks
 * its thread until the spooler answers, which is why printing runs in a worker thread.
 */
export interface Spooler {
  /** The queues as the binding reports them, unvalidated. */
  printers(): unknown[];
  /** Hands the bytes to the queue; the job id, or throws the spooler's reason. */
  submit(job: SpoolJob): number;
  /** The job's status words, or null when the spooler no longer (or not yet) lists it. */
  jobStatus(printer: string, jobId: number): unknown;
  cancel(printer: string, jobId: number): void;
  /** False when CUPS is known not to be running; null when that cannot be told (Windows, no lpstat). */
  running(): boolean | null;
}

export interface SpoolJob {
  printer: string;
  data: Uint8Array;
  /** PDF goes through the queue's filters and driver; RAW reaches the printer untouched. */
  type: 'PDF' | 'RAW';
  /** CUPS job options, e.g. `media`. */
  options: Record<string, string>;
  /** The job's name in the queue. */
  title: string;
}

/** Loads the native binding on first use: it reads CUPS_SERVER then, per thread. */
export async function systemSpooler(): Promise<Spooler> {
  const printer = await import('@thiagoelg/node-printer');
  return {
    printers: () => printer.getPrinters(),
    submit(job) {
      let jobId: number | null = null;
      let failure: unknown = null;
      // The binding's JavaScript calls whichever callback applies before returning; both must be given.
      const options: PrintDirectOptions & { docname: string } = {
        data: Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength),
        printer: job.printer,
        // The Windows spooler has no PDF datatype: a PDF goes raw, to printers that read PDF themselves.
        type: process.platform === 'win32' ? 'RAW' : job.type,
        options: job.options,
        docname: job.title,
        success: (id) => (jobId = Number(id)),
        error: (error) => (failure = error),
      };
      printer.printDirect(options);
      if (jobId !== null && Number.isInteger(jobId) && jobId > 0) return jobId;
      throw failure instanceof Error ? failure : new Error(failure ? String(failure) : 'the spooler gave no job id');
    },
    jobStatus(name, jobId) {
      try {
        return printer.getJob(name, jobId).status;
      } catch {
        return null;
      }
    },
    cancel(name, jobId) {
      try {
        printer.setJob(name, jobId, 'CANCEL');
      } catch {
        // Already finished or gone: nothing left to cancel.
      }
    },
    running: cupsRunning,
  };
}

/** lpstat finds the scheduler as libcups does (CUPS_SERVER, client.conf, the local socket). */
function cupsRunning(): boolean | null {
  if (process.platform === 'win32') return null;
  const asked = spawnSync('lpstat', ['-r'], { encoding: 'utf8', timeout: 3000, env: { ...process.env, LC_ALL: 'C' } });
  if (asked.error || asked.status !== 0) return null;
  if (/not running/.test(asked.stdout)) return false;
  return /is running/.test(asked.stdout) ? true : null;
}

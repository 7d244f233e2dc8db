import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { KioskError } from '../../core/errors.js';
import { openForExport } from '../../db/visit-export.js';
import { parseInput } from '../validate.js';
import { exportToFile } from './export-file.js';
import { ExportJob, type ExportSummary } from './export-job.js';
import type { ExportWorkerData, ExportWorkerMessage } from './export-worker.js';

export interface ToFileOptions {
  onProgress?: (rows: number) => void;
  /**
   * Threads for a long visit log. The running kiosk leaves one core to its taps (the default);
   * the command line, with nothing else to do, gives every core.
   */
  threads?: number;
  /** Run on the calling thread even when there is an export worker: the command line's thread has nothing else to do. */
  onThisThread?: boolean;
}

/**
 * Runs exports of the database file to files: in a worker thread when the build has one
 * (dist/node/export-worker.js), on this thread otherwise. Either way the export reads through
 * a read-only connection of its own, so it never holds the kiosk's connection between writes.
 */
export class ExportRunner {
  constructor(
    private readonly database: string,
    private readonly options: { workerFile?: string | undefined; sliceWorkerFile?: string | undefined } = {},
  ) {}

  async toFile(input: unknown, file: string, options: ToFileOptions = {}): Promise<ExportSummary> {
    const job = parseInput(ExportJob, input);
    const { onProgress, threads = os.availableParallelism() - 1, onThisThread = false } = options;
    const { workerFile, sliceWorkerFile } = this.options;
    const slices = sliceWorkerFile && threads >= 2 ? { slices: { workerFile: sliceWorkerFile, threads } } : {};
    if (!workerFile || onThisThread) {
      const db = openForExport(this.database);
      try {
        return await exportToFile(db, job, file, { ...(onProgress && { onProgress }), ...slices });
      } finally {
        db.close();
      }
    }
    const data: ExportWorkerData = { database: this.database, job, file, ...slices };
    const worker = new Worker(workerFile, { workerData: data });
    return new Promise<ExportSummary>((resolve, reject) => {
      worker.on('message', (message: ExportWorkerMessage) => {
        if (message.type === 'progress') onProgress?.(message.rows);
        else if (message.type === 'done') resolve(message.summary);
        else reject(message.code ? new KioskError(message.message, message.code) : new Error(message.message));
      });
      worker.once('error', reject);
      // After 'done' or 'failed' the promise is settled and this changes nothing.
      worker.once('exit', (code) => reject(new Error(`the export worker stopped (exit ${code}) before it finished`)));
    });
  }
}

import { Worker } from 'node:worker_threads';
import { KioskError } from '../../core/errors.js';
import { openForExport } from '../../db/visit-export.js';
import { parseInput } from '../validate.js';
import { exportToFile } from './export-file.js';
import { ExportJob, type ExportSummary } from './export-job.js';
import type { ExportWorkerData, ExportWorkerMessage } from './export-worker.js';

/**
 * Runs exports of the database file to files: in a worker thread when the build has one
 * (dist/node/export-worker.js), on this thread otherwise. Either way the export reads through
 * a read-only connection of its own, so it never holds the kiosk's connection between writes.
 */
export class ExportRunner {
  constructor(
    private readonly database: string,
    private readonly options: { workerFile?: string | undefined } = {},
  ) {}

  async toFile(input: unknown, file: string, onProgress?: (rows: number) => void): Promise<ExportSummary> {
    const job = parseInput(ExportJob, input);
    if (!this.options.workerFile) {
      const db = openForExport(this.database);
      try {
        return await exportToFile(db, job, file, onProgress);
      } finally {
        db.close();
      }
    }
    const data: ExportWorkerData = { database: this.database, job, file };
    const worker = new Worker(this.options.workerFile, { workerData: data });
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

import { parentPort, workerData } from 'node:worker_threads';
import { KioskError } from '../../core/errors.js';
import { openForExport } from '../../db/visit-export.js';
import { exportToFile } from './export-file.js';
import type { ExportJob, ExportSummary, SliceThreads } from './export-job.js';

export interface ExportWorkerData {
  database: string;
  job: ExportJob;
  file: string;
  /** Threads for a long visit log (dist/node/export-slice-worker.js). */
  slices?: SliceThreads;
}

export type ExportWorkerMessage =
  { type: 'progress'; rows: number } | { type: 'done'; summary: ExportSummary } | { type: 'failed'; message: string; code: KioskError['code'] | null };

/** Runs one export off the main thread, on a read-only connection of its own, so taps are never queued behind it. */
const { database, job, file, slices } = workerData as ExportWorkerData;
const post = (message: ExportWorkerMessage) => parentPort!.postMessage(message);
try {
  const db = openForExport(database);
  try {
    post({ type: 'done', summary: await exportToFile(db, job, file, { onProgress: (rows) => post({ type: 'progress', rows }), ...(slices && { slices }) }) });
  } finally {
    db.close();
  }
} catch (error) {
  post({ type: 'failed', message: (error as Error).message, code: error instanceof KioskError ? error.code : null });
}

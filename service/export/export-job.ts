import type { z } from 'zod';
import { ExportFormat, ExportInput, ExportReport } from '../../core/api/export.js';

export { ExportFormat, ExportReport };
export type ExportFormat = z.infer<typeof ExportFormat>;
export type ExportReport = z.infer<typeof ExportReport>;

/** What to export: the contract's description, run inline or in the export worker. */
export const ExportJob = ExportInput;
export type ExportJob = z.output<typeof ExportJob>;

export interface ExportOptions {
  /** Start the CSV with a UTF-8 byte order mark, for Excel. */
  bom?: boolean;
  /** Called every PROGRESS_EVERY rows or so and at the end, with the rows written so far. */
  onProgress?: (rows: number) => void;
  /**
   * Make a long visit log on this many threads, each running `workerFile`
   * (dist/node/export-slice-worker.js) and writing into the export file itself, `fd`.
   */
  slices?: SliceThreads & { fd?: number };
}

export interface SliceThreads {
  workerFile: string;
  threads: number;
}

export const PROGRESS_EVERY = 10_000;

export interface ExportSummary {
  rows: number;
}

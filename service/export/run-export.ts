import type { Writable } from 'node:stream';
import type { Db } from '../../db/open.js';
import type { ExportJob, ExportOptions, ExportSummary } from './export-job.js';
import { exportSpaceReport } from './space-report.js';
import { exportVisits } from './visit-log.js';

/** Runs one export job against a stream; `out` is not ended. */
export function runExport(db: Db, job: ExportJob, out: Writable, extra: Omit<ExportOptions, 'bom'> = {}): Promise<ExportSummary> {
  const options: ExportOptions = { ...extra, bom: job.bom };
  const range = { from: job.from, to: job.to };
  if (job.report === 'spaces') return exportSpaceReport(db, range, job.format, out, options);
  return exportVisits(db, { ...range, kind: job.kind, homeSpaceId: job.space }, job.format, out, options);
}

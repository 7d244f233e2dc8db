import type { Writable } from 'node:stream';
import type { Db } from '../../db/open.js';
import { spaceTimezone, visitExport, type VisitFilters } from '../../db/visit-export.js';
import { BOM, csvRow } from './csv.js';
import { PROGRESS_EVERY, type ExportFormat, type ExportOptions, type ExportSummary } from './export-job.js';
import { exportInSlices } from './slice-pool.js';
import { TextSink } from './sink.js';
import { VISIT_CSV_HEADER, visitBytes } from './visit-lines.js';

/**
 * Streams the visits of a local-date range (both inclusive) to `out`, oldest first: CSV with a
 * header line, or JSON Lines with one visit object per line. `out` is not ended. With
 * `options.slices` and a file, a long log is made on several threads (service/export/slice-pool.ts).
 */
export async function exportVisits(db: Db, filters: VisitFilters, format: ExportFormat, out: Writable, options: ExportOptions = {}): Promise<ExportSummary> {
  const sink = new TextSink(out);
  let rows = 0;
  let reported = 0;
  const progress = (written: number) => {
    rows = written;
    if (rows - reported < PROGRESS_EVERY) return;
    reported = rows;
    options.onProgress?.(rows);
  };
  const lines = { format, timeZone: knownTimezone(db) };
  try {
    if (format === 'csv') await sink.write((options.bom ? BOM : '') + csvRow(VISIT_CSV_HEADER));
    const { slices } = options;
    // The slice threads write after the header, once the stream has written it.
    const afterHeader = () => sink.flush().then(() => sink.written());
    const sliced = slices?.fd !== undefined ? await exportInSlices(db, filters, lines, slices.fd, afterHeader, slices, progress) : null;
    if (sliced === null) {
      for (const piece of visitBytes(visitExport(db).visits(filters), lines)) {
        await sink.writeBytes(piece.bytes);
        progress(rows + piece.rows);
      }
    } else {
      rows = sliced;
    }
    await sink.flush();
  } finally {
    sink.release();
  }
  options.onProgress?.(rows);
  return { rows };
}

/** The kiosk space's time zone for the local_time column; an export without one still writes every visit. */
function knownTimezone(db: Db): string | null {
  try {
    return spaceTimezone(db);
  } catch {
    return null;
  }
}

import type { Writable } from 'node:stream';
import type { Db } from '../../db/open.js';
import { visitExport, type DateRange, type SpaceMonth } from '../../db/visit-export.js';
import { BOM, csvRow } from './csv.js';
import { PROGRESS_EVERY, type ExportFormat, type ExportOptions, type ExportSummary } from './export-job.js';
import { TextSink } from './sink.js';

/** Integer cents as a decimal amount: 4500 → "45.00". */
function amount(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

function jsonLine(row: SpaceMonth): string {
  const { dayPassCents, overrides, voids, ...counts } = row;
  const dayPassTotals = Object.fromEntries(Object.entries(dayPassCents).map(([currency, cents]) => [currency, amount(cents)]));
  return `${JSON.stringify({ ...counts, dayPassTotals, overrides, voids })}\n`;
}

/**
 * Streams the per-month, per-home-space report of a local-date range to `out`: CSV with one
 * `day_pass_total_<CURRENCY>` column per currency sold in the range, or JSON Lines with a
 * `dayPassTotals` object. `out` is not ended.
 */
export async function exportSpaceReport(db: Db, range: DateRange, format: ExportFormat, out: Writable, options: ExportOptions = {}): Promise<ExportSummary> {
  const queries = visitExport(db);
  const currencies = queries.currencies(range);
  const sink = new TextSink(out);
  let rows = 0;
  try {
    if (format === 'csv') {
      const header = [
        'month',
        'home_space_id',
        'home_space_name',
        'visa_days',
        'visitors',
        'day_passes',
        ...currencies.map((c) => `day_pass_total_${c}`),
        'overrides',
        'voids',
      ];
      await sink.write((options.bom ? BOM : '') + csvRow(header));
    }
    for (const row of queries.spaceReport(range, currencies)) {
      await sink.write(
        format === 'csv'
          ? csvRow([
              row.month,
              row.homeSpaceId,
              row.homeSpaceName,
              row.visaDays,
              row.visitors,
              row.dayPasses,
              ...currencies.map((c) => amount(row.dayPassCents[c] ?? 0)),
              row.overrides,
              row.voids,
            ])
          : jsonLine(row),
      );
      if (++rows % PROGRESS_EVERY === 0) options.onProgress?.(rows);
    }
    await sink.flush();
  } finally {
    sink.release();
  }
  options.onProgress?.(rows);
  return { rows };
}

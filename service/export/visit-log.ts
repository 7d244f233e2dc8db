import type { Writable } from 'node:stream';
import type { Db } from '../../db/open.js';
import { VISIT_FIELDS, visitExport, type VisitField, type VisitFilters, type VisitValues } from '../../db/visit-export.js';
import { BOM, csvRow } from './csv.js';
import { PROGRESS_EVERY, type ExportFormat, type ExportOptions, type ExportSummary } from './export-job.js';
import { TextSink } from './sink.js';

/** CSV header for each JSON key (README, "Exports and reports"). */
const CSV_HEADERS: Record<VisitField, string> = {
  id: 'visit_id',
  at: 'at_utc',
  localDate: 'local_date',
  kind: 'kind',
  decision: 'decision',
  reason: 'reason',
  memberId: 'member_id',
  name: 'name',
  email: 'email',
  homeSpaceId: 'home_space_id',
  homeSpaceName: 'home_space_name',
  credentialKind: 'credential_kind',
  credentialValue: 'credential_value',
  overrideStaffId: 'override_staff_id',
  overrideStaffName: 'override_staff_name',
  overrideReason: 'override_reason',
  price: 'price',
  currency: 'currency',
  voidedAt: 'voided_at',
  voidedById: 'voided_by_id',
  voidedByName: 'voided_by_name',
  voidReason: 'void_reason',
  badgeStatus: 'badge_status',
};

export const VISIT_CSV_HEADER = VISIT_FIELDS.map((field) => CSV_HEADERS[field]);

// `"key":` for each field, made once: a JSON line is then joined without building an object per visit.
const JSON_KEYS = VISIT_FIELDS.map((field) => `${JSON.stringify(field)}:`);

function jsonValue(value: string | number | null): string {
  if (value === null) return 'null';
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function jsonLine(values: VisitValues): string {
  let line = '{';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : ',') + JSON_KEYS[i]! + jsonValue(values[i]!);
  return `${line}}\n`;
}

/**
 * Streams the visits of a local-date range (both inclusive) to `out`, oldest first: CSV with a
 * header line, or JSON Lines with one visit object per line. `out` is not ended.
 */
export async function exportVisits(db: Db, filters: VisitFilters, format: ExportFormat, out: Writable, options: ExportOptions = {}): Promise<ExportSummary> {
  const sink = new TextSink(out);
  let rows = 0;
  try {
    if (format === 'csv') await sink.write((options.bom ? BOM : '') + csvRow(VISIT_CSV_HEADER));
    for (const values of visitExport(db).visits(filters)) {
      await sink.write(format === 'csv' ? csvRow(values) : jsonLine(values));
      if (++rows % PROGRESS_EVERY === 0) options.onProgress?.(rows);
    }
    await sink.flush();
  } finally {
    sink.release();
  }
  options.onProgress?.(rows);
  return { rows };
}

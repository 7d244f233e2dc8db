import { VISIT_FIELDS, type VisitField, type VisitValues } from '../../db/visit-export.js';
import { csvRow } from './csv.js';
import type { ExportFormat } from './export-job.js';

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

/** Text is handed on in pieces of about this many characters: one write, or one message from a slice thread. */
const PIECE_CHARS = 64 * 1024;

/** The visits' lines in the export's format, gathered into pieces, with how many visits each holds. */
export function* visitText(rows: Iterable<VisitValues>, format: ExportFormat): Generator<{ text: string; rows: number }> {
  const line = format === 'csv' ? csvRow : jsonLine;
  let text = '';
  let count = 0;
  for (const values of rows) {
    text += line(values);
    count++;
    if (text.length >= PIECE_CHARS) {
      yield { text, rows: count };
      text = '';
      count = 0;
    }
  }
  if (count > 0) yield { text, rows: count };
}

import { localClock } from '../../core/calendar.js';
import { VISIT_FIELDS, type VisitField, type VisitValues } from '../../db/visit-export.js';
import { csvRow } from './csv.js';
import type { ExportFormat } from './export-job.js';

/** How visits are written: the format, and the kiosk space's time zone for their local time (null: none known). */
export interface VisitLineFormat {
  format: ExportFormat;
  timeZone: string | null;
}

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
  localTime: 'local_time',
  checkedOutAt: 'checked_out_at',
  checkedOutBy: 'checked_out_by',
  paid: 'paid',
  paidAt: 'paid_at',
  paidByName: 'paid_by_name',
  paidMethod: 'paid_method',
};

export const VISIT_CSV_HEADER = VISIT_FIELDS.map((field) => CSV_HEADERS[field]);

// `"key":` for each field, made once: a JSON line is then joined without building an object per visit.
const JSON_KEYS = VISIT_FIELDS.map((field) => `${JSON.stringify(field)}:`);
const AT = VISIT_FIELDS.indexOf('at');
const LOCAL_TIME = VISIT_FIELDS.indexOf('localTime');

function jsonValue(value: string | number | null): string {
  if (value === null) return 'null';
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function jsonLine(values: VisitValues): string {
  let line = '{';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : ',') + JSON_KEYS[i]! + jsonValue(values[i]!);
  return `${line}}\n`;
}

/** Bytes are handed on in pieces of this size (a longer line gets one of its own): one write each. */
export const PIECE_BYTES = 64 * 1024;

const newPiece = () => Buffer.allocUnsafe(PIECE_BYTES);

/**
 * The visits' lines in the export's format as UTF-8, the space's local time filled in, in pieces,
 * with how many visits each holds and the whole piece it was written into (`piece`: PIECE_BYTES
 * from `nextPiece`, to be used again once written, or a longer one of its own). Each line is
 * encoded into its piece as soon as it is made, so no line outlives its row: all of a long
 * export's garbage dies young, which keeps the collector's work small.
 */
export function* visitBytes(
  rows: Iterable<VisitValues>,
  { format, timeZone }: VisitLineFormat,
  nextPiece: () => Buffer = newPiece,
): Generator<{ bytes: Buffer; rows: number; piece: Buffer }> {
  const line = format === 'csv' ? csvRow : jsonLine;
  const clock = timeZone ? localClock(timeZone) : null;
  let piece = nextPiece();
  let used = 0;
  let count = 0;
  for (const values of rows) {
    const at = values[AT];
    if (clock && typeof at === 'string') values[LOCAL_TIME] = clock(at);
    const text = line(values);
    // A UTF-16 unit takes at most 3 bytes of UTF-8.
    if (used + text.length * 3 > piece.length) {
      if (count > 0) yield { bytes: piece.subarray(0, used), rows: count, piece };
      piece = text.length * 3 > PIECE_BYTES ? Buffer.allocUnsafe(text.length * 3) : nextPiece();
      used = 0;
      count = 0;
    }
    used += piece.write(text, used);
    count++;
  }
  if (count > 0) yield { bytes: piece.subarray(0, used), rows: count, piece };
}

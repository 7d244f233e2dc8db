import type { MemberRow } from '../store/roster-diff.js';

/**
 * The feed's records as JSON text, written straight from the registry's rows: the full feed and
 * the delta use these same functions, so a member reads byte for byte the same in both.
 */

export interface SpaceRow {
  id: string;
  name: string;
  city: string;
  country: string;
  timezone: string;
  accepts_visitors: number;
  free_days_per_month: number;
  notice_hours: number;
  notes: string;
  day_pass_price: string | null;
  day_pass_currency: string | null;
}

export const SPACE_COLUMNS = 'id, name, city, country, timezone, accepts_visitors, free_days_per_month, notice_hours, notes, day_pass_price, day_pass_currency';
export const MEMBER_COLUMNS = 'id, space_id, name, email, status, valid_until, credentials';
/** The spaces a publication carries: active and suspended (a suspended space's kiosks are refused, its members still visit). */
export const PUBLISHED_SPACE = "state IN ('active', 'suspended')";

const s = JSON.stringify;

export function spaceJson(row: SpaceRow): string {
  const dayPass = row.day_pass_price === null ? 'null' : `{"price":${s(row.day_pass_price)},"currency":${s(row.day_pass_currency)}}`;
  return (
    `{"id":${s(row.id)},"name":${s(row.name)},"city":${s(row.city)},"country":${s(row.country)},"timezone":${s(row.timezone)},` +
    `"visa":{"accepts":${row.accepts_visitors ? 'true' : 'false'},"freeDaysPerMonth":${row.free_days_per_month},"noticeHours":${row.notice_hours},"notes":${s(row.notes)}},` +
    `"dayPass":${dayPass}}`
  );
}

const q = (column: string) => `json_quote(m.${column})`;
/**
 * The same text as memberJson, made by SQLite for a member row `m`: a million members cost one
 * string each instead of seven. Concatenated rather than json_object(): the credentials are the
 * JSON text stored when the member was checked, so they need no parsing again.
 */
export const MEMBER_JSON_SQL =
  `'{"id":' || ${q('id')} || ',"space":' || ${q('space_id')} || ',"name":' || ${q('name')} || ',"email":' || ${q('email')} || ',"status":' || ${q('status')}` +
  ` || CASE WHEN m.valid_until IS NULL THEN '' ELSE ',"validUntil":' || ${q('valid_until')} END || ',"credentials":' || m.credentials || '}'`;

/** A member; its credentials are the JSON text stored when the member was checked. */
export function memberJson(row: MemberRow): string {
  const validUntil = row.valid_until === null ? '' : `,"validUntil":${s(row.valid_until)}`;
  return `{"id":${s(row.id)},"space":${s(row.space_id)},"name":${s(row.name)},"email":${s(row.email)},"status":${s(row.status)}${validUntil},"credentials":${row.credentials}}`;
}

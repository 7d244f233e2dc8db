import Database from 'better-sqlite3';
import path from 'node:path';
import type { VisitKind } from '../core/vocabulary.js';
import { BUSY_BUDGET_MS } from './busy-retry.js';
import type { Db } from './open.js';

/** Local dates of the kiosk space's calendar (YYYY-MM-DD), both inclusive. */
export interface DateRange {
  from: string;
  to: string;
}

export interface VisitFilters extends DateRange {
  kind?: VisitKind | undefined;
  homeSpaceId?: string | undefined;
  /** Visits logged after this one are left out: slices read on several connections agree on where the log ends. */
  upTo?: number | undefined;
}

/**
 * The visit log's export fields, as [SQL expression, JSON key], in output order: guests' names
 * and emails are joined, staff ids come with their names. Columns keep their places, so readers
 * that take them by position still find theirs: new ones go at the end.
 */
const FIELDS = [
  ['v.id', 'id'],
  ['v.at', 'at'],
  ['v.local_date', 'localDate'],
  ['v.kind', 'kind'],
  ['v.decision', 'decision'],
  ['v.reason', 'reason'],
  ['v.member_id', 'memberId'],
  ['coalesce(v.member_name, g.name)', 'name'],
  ['g.email', 'email'],
  ['v.home_space_id', 'homeSpaceId'],
  ['v.home_space_name', 'homeSpaceName'],
  ['v.credential_kind', 'credentialKind'],
  ['v.credential_value', 'credentialValue'],
  ['v.override_staff_id', 'overrideStaffId'],
  ['o.name', 'overrideStaffName'],
  ['v.override_reason', 'overrideReason'],
  ['v.price', 'price'],
  ['v.currency', 'currency'],
  ['v.voided_at', 'voidedAt'],
  ['v.voided_by', 'voidedById'],
  ['x.name', 'voidedByName'],
  ['v.void_reason', 'voidReason'],
  ['v.badge_status', 'badgeStatus'],
  // A slot for the space's local time, which the export fills in (SQLite knows no time zones): after the badge status, where readers taking columns by position have it.
  ['NULL', 'localTime'],
  // The open check-out (a visitor who came back has none); an admitted visit with none closed at the end of its local day.
  ['c.at', 'checkedOutAt'],
  [`CASE WHEN c.id IS NULL THEN NULL WHEN c.by_staff IS NULL THEN 'visitor' ELSE cs.name END`, 'checkedOutBy'],
  [`CASE WHEN v.kind = 'day_pass' AND v.decision = 'admitted' AND v.price IS NOT NULL THEN iif(v.paid_at IS NULL, 'unpaid', 'paid') END`, 'paid'],
  ['v.paid_at', 'paidAt'],
  ['p.name', 'paidByName'],
  ['v.paid_method', 'paidMethod'],
] as const;

export const VISIT_FIELDS = FIELDS.map(([, key]) => key);
export type VisitField = (typeof VISIT_FIELDS)[number];
/** A visit's values in VISIT_FIELDS order: rows as arrays cost a third of rows as objects. */
export type VisitValues = (string | number | null)[];

/** One (month, home space) line of the report; day-pass money in cents per currency. */
export interface SpaceMonth {
  month: string;
  homeSpaceId: string | null;
  homeSpaceName: string | null;
  visaDays: number;
  visitors: number;
  dayPasses: number;
  dayPassCents: Record<string, number>;
  overrides: number;
  voids: number;
}

// Ordered by (local_date, id), the order of the visits_local_date index, so rows stream
// straight off the index with no sort; `local_date` is already the space's own calendar date.
export const VISITS_SQL = `
  SELECT ${FIELDS.map(([sql]) => sql).join(', ')}
  FROM visits v
  LEFT JOIN guests g ON g.id = v.guest_id
  LEFT JOIN staff o ON o.id = v.override_staff_id
  LEFT JOIN staff x ON x.id = v.voided_by
  LEFT JOIN check_outs c ON c.visit_id = v.id AND c.back_at IS NULL
  LEFT JOIN staff cs ON cs.id = c.by_staff
  LEFT JOIN staff p ON p.id = v.paid_by
  WHERE v.local_date BETWEEN @from AND @to
    AND (@kind IS NULL OR v.kind = @kind)
    AND (@homeSpaceId IS NULL OR v.home_space_id = @homeSpaceId)
    AND (@upTo IS NULL OR v.id <= @upTo)
  ORDER BY v.local_date, v.id`;

// Read off the visits_local_date index alone (it holds the ids too) unless a filter needs the rows.
const DAY_COUNTS_SQL = `
  SELECT local_date, count(*) FROM visits
  WHERE local_date BETWEEN @from AND @to AND (@upTo IS NULL OR id <= @upTo)
  GROUP BY local_date ORDER BY local_date`;
const FILTERED_DAY_COUNTS_SQL = `
  SELECT local_date, count(*) FROM visits
  WHERE local_date BETWEEN @from AND @to AND (@upTo IS NULL OR id <= @upTo)
    AND (@kind IS NULL OR kind = @kind)
    AND (@homeSpaceId IS NULL OR home_space_id = @homeSpaceId)
  GROUP BY local_date ORDER BY local_date`;

const CURRENCIES_SQL = `
  SELECT DISTINCT currency FROM visits
  WHERE local_date BETWEEN @from AND @to AND currency IS NOT NULL AND kind = 'day_pass'
  ORDER BY currency`;

// "Counted" means admitted and not voided. Prices are decimal text: summed as integer cents
// so no total is rounded by floating point.
const COUNTED = `(decision = 'admitted' AND voided_at IS NULL)`;
const SOLD = `(${COUNTED} AND kind = 'day_pass')`;
const CENTS = `CAST(round(CAST(price AS REAL) * 100) AS INTEGER)`;

function reportSql(currencies: number): string {
  const totals = Array.from({ length: currencies }, (_, i) => `, coalesce(sum(CASE WHEN ${SOLD} AND currency = @c${i} THEN ${CENTS} END), 0) AS c${i}`);
  return `
  SELECT substr(local_date, 1, 7) AS month, home_space_id AS homeSpaceId, max(home_space_name) AS homeSpaceName,
         count(DISTINCT CASE WHEN ${COUNTED} AND kind = 'visa' THEN json_array(member_id, local_date) END) AS visaDays,
         count(DISTINCT CASE WHEN NOT ${COUNTED} THEN NULL
                             WHEN member_id IS NOT NULL THEN json_array('member', member_id)
                             WHEN guest_id IS NOT NULL THEN json_array('guest', guest_id) END) AS visitors,
         count(CASE WHEN ${SOLD} THEN 1 END) AS dayPasses,
         count(CASE WHEN decision = 'admitted' AND override_staff_id IS NOT NULL THEN 1 END) AS overrides,
         count(voided_at) AS voids
         ${totals.join('')}
  FROM visits
  WHERE local_date BETWEEN @from AND @to
  GROUP BY month, home_space_id
  HAVING visitors > 0 OR voids > 0 OR overrides > 0
  ORDER BY month, home_space_id IS NULL, home_space_id`;
}

/** Streaming reads of the visit log for exports: each query iterates, so memory stays flat. */
export function visitExport(db: Db) {
  const visits = db.prepare(VISITS_SQL).raw();
  const dayCounts = db.prepare(DAY_COUNTS_SQL).raw();
  const filteredDayCounts = db.prepare(FILTERED_DAY_COUNTS_SQL).raw();
  const lastId = db.prepare('SELECT max(id) FROM visits').pluck();
  const currencies = db.prepare(CURRENCIES_SQL).pluck();
  const params = (filters: VisitFilters) => ({
    from: filters.from,
    to: filters.to,
    kind: filters.kind ?? null,
    homeSpaceId: filters.homeSpaceId ?? null,
    upTo: filters.upTo ?? null,
  });
  return {
    visits(filters: VisitFilters): IterableIterator<VisitValues> {
      return visits.iterate(params(filters)) as IterableIterator<VisitValues>;
    },
    /** Visits per local date, in date order: where an export can be cut into slices. */
    dayCounts(filters: VisitFilters): [string, number][] {
      const { kind, homeSpaceId, ...plain } = params(filters);
      return (kind === null && homeSpaceId === null ? dayCounts.all(plain) : filteredDayCounts.all({ ...plain, kind, homeSpaceId })) as [string, number][];
    },
    /** The newest visit's id, 0 when there is none. */
    lastVisitId(): number {
      return (lastId.get() as number | null) ?? 0;
    },
    /** The currencies day passes were sold in over the range, so a CSV knows its columns before the first row. */
    currencies(range: DateRange): string[] {
      return currencies.all({ from: range.from, to: range.to }) as string[];
    },
    /** Per month and home space; `currencies` names the day-pass totals to add up. */
    *spaceReport(range: DateRange, currencyList: readonly string[]): IterableIterator<SpaceMonth> {
      const params: Record<string, string> = { from: range.from, to: range.to };
      currencyList.forEach((currency, i) => (params[`c${i}`] = currency));
      const rows = db.prepare(reportSql(currencyList.length)).iterate(params) as IterableIterator<Record<string, string | number | null>>;
      for (const row of rows) {
        const dayPassCents: Record<string, number> = {};
        currencyList.forEach((currency, i) => {
          const cents = row[`c${i}`] as number;
          if (cents > 0) dayPassCents[currency] = cents;
        });
        yield {
          month: row.month as string,
          homeSpaceId: row.homeSpaceId as string | null,
          homeSpaceName: row.homeSpaceName as string | null,
          visaDays: row.visaDays as number,
          visitors: row.visitors as number,
          dayPasses: row.dayPasses as number,
          dayPassCents,
          overrides: row.overrides as number,
          voids: row.voids as number,
        };
      }
    },
  };
}

/** The query plans of the export queries, so a test can hold them to an index. */
export function exportQueryPlans(db: Db): Record<'visits' | 'dayCounts' | 'filteredDayCounts' | 'currencies' | 'spaceReport', string> {
  const plan = (sql: string, params: Record<string, string | number | null>) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n');
  const range = { from: '2026-01-01', to: '2026-12-31' };
  return {
    visits: plan(VISITS_SQL, { ...range, kind: 'visa', homeSpaceId: 'x', upTo: null }),
    dayCounts: plan(DAY_COUNTS_SQL, { ...range, upTo: 10 }),
    filteredDayCounts: plan(FILTERED_DAY_COUNTS_SQL, { ...range, upTo: 10, kind: 'visa', homeSpaceId: 'x' }),
    currencies: plan(CURRENCIES_SQL, range),
    spaceReport: plan(reportSql(1), { ...range, c0: 'EUR' }),
  };
}

/**
 * A connection of its own for a long export: read-only, so it can never write, and in WAL mode
 * it reads one consistent snapshot while the kiosk keeps logging taps.
 */
export function openForExport(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${BUSY_BUDGET_MS}`);
  return db;
}

/**
 * The kiosk space's time zone, read from a database opened by `openForExport` (the kiosk may
 * not be able to open it for writing): its space.id setting, looked up in its visa list file.
 */
export function spaceTimezone(db: Db): string | null {
  const setting = db.prepare("SELECT value FROM settings WHERE key = 'space.id'").pluck().get() as string | undefined;
  const listFile = db.prepare('SELECT list_file FROM sync_state WHERE id = 1').pluck().get() as string | null | undefined;
  if (setting === undefined || !listFile) return null;
  const list = new Database(path.join(path.dirname(db.name), listFile), { readonly: true, fileMustExist: true });
  try {
    return (list.prepare('SELECT timezone FROM spaces WHERE id = ?').pluck().get(JSON.parse(setting)) as string | undefined) ?? null;
  } finally {
    list.close();
  }
}

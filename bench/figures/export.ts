import path from 'node:path';
import { VISITS_SQL } from '../../db/visit-export.js';
import { check, type Measured } from '../report.js';
import { median, round } from '../stats.js';
import { exportWithCli, exportWithSqlite, iterateOnly } from '../visit-export.js';

/** The visit export by the command line, against sqlite3 writing the same query as CSV. */
export async function exportFigure({
  cli: command,
  sqlite,
  tmp,
  database,
  range,
  notes,
}: {
  cli: string;
  sqlite: string;
  tmp: string;
  database: string;
  range: { from: string; to: string };
  notes: string[];
}): Promise<Measured> {
  const sql = VISITS_SQL;
  const out = path.join(tmp, 'export.csv');
  const cli = [];
  const raw = [];
  const iteration = [];
  for (let i = 0; i < 3; i++) {
    raw.push(await exportWithSqlite(sqlite, database, sql, range, out));
    cli.push(await exportWithCli(command, database, range, out));
    iteration.push(iterateOnly(database, sql, range).seconds);
  }
  const s = median(cli.map((r) => r.ms)) / 1000;
  const baseline = median(raw.map((r) => r.ms)) / 1000;
  if (raw[0]!.rows !== cli[0]!.rows) throw new Error(`sqlite3 wrote ${raw[0]!.rows} rows, the kiosk ${cli[0]!.rows}: not the same query`);
  const peaks = cli.map((r) => r.peakMB).filter((p): p is number => p !== null);
  const peakMB = peaks.length ? Math.max(...peaks) : null;
  const floor = median(iteration);
  if (s / baseline > 1.5 && floor / baseline > 1) {
    notes.push(
      `export: stepping the same query through better-sqlite3 and making each row's values, with no formatting and no writing, already takes ${round(floor)} s = ${round(floor / baseline)}× sqlite3's whole export; the CSV is written from those values in JavaScript (service/export/visit-log.ts)`,
    );
  }
  return {
    unit: 's',
    measured: { s, ...(peakMB !== null && { peakMB }) },
    baseline: { s: baseline },
    baselineWhat: 'sqlite3 -csv, same query',
    ratio: s / baseline,
    checks: [check('time ÷ baseline', s / baseline, 1.5), ...(peakMB !== null ? [check('peak MB', peakMB, 200)] : [])],
    details: {
      iterationOnly: { s: round(floor), ratioToBaseline: round(floor / baseline), what: 'better-sqlite3 steps the same query, no formatting or writing' },
      rows: cli[0]!.rows,
      sqliteRows: raw[0]!.rows,
      csvMB: round(cli[0]!.bytes / 1e6),
      sqliteCsvMB: round(raw[0]!.bytes / 1e6),
      runs: cli.map((r) => round(r.ms / 1000)),
      baselineRuns: raw.map((r) => round(r.ms / 1000)),
      sqlitePeakMB: raw[0]!.peakMB,
    },
  };
}

import Database from 'better-sqlite3';
import fs from 'node:fs';
import { runMeasured, type ChildRun } from './child.js';

/**
 * The least a Node export through better-sqlite3 can cost: the same query's rows stepped and
 * made into JavaScript values, nothing formatted or written. Seconds.
 */
export function iterateOnly(database: string, sql: string, range: { from: string; to: string }): { seconds: number; rows: number } {
  const db = new Database(database, { readonly: true });
  try {
    const started = performance.now();
    let rows = 0;
    for (const _row of db.prepare(sql).raw().iterate({ from: range.from, to: range.to, kind: null, homeSpaceId: null, upTo: null })) rows++;
    return { seconds: (performance.now() - started) / 1000, rows };
  } finally {
    db.close();
  }
}

export interface ExportRun extends ChildRun {
  rows: number;
  bytes: number;
}

/** `visa-kiosk export --from --to --out FILE` as its own process. */
export async function exportWithCli(cli: string, database: string, range: { from: string; to: string }, out: string): Promise<ExportRun> {
  const run = await runMeasured(process.execPath, [
    cli,
    '--db',
    database,
    'export',
    '--from',
    range.from,
    '--to',
    range.to,
    '--format',
    'csv',
    '--out',
    out,
    '--json',
  ]);
  if (run.code !== 0) throw new Error(`visa-kiosk export failed (${run.code}): ${run.stderr.trim()}`);
  const rows = (JSON.parse(run.stdout) as { rows: number }).rows;
  const bytes = fs.statSync(out).size;
  fs.rmSync(out, { force: true });
  return { ...run, rows, bytes };
}

/** A text value for `.parameter set`: the shell evaluates it as SQL, so the SQL quotes sit inside its own. */
const quote = (text: string) => `"'${text.replaceAll("'", "''")}'"`;

/** `sqlite3 -csv` on the same query and database, written to a file: the raw limit of the export. */
export async function exportWithSqlite(sqlite: string, database: string, sql: string, range: { from: string; to: string }, out: string): Promise<ExportRun> {
  const script = [
    `.parameter set @from ${quote(range.from)}`,
    `.parameter set @to ${quote(range.to)}`,
    '.parameter set @kind NULL',
    '.parameter set @homeSpaceId NULL',
    '.parameter set @upTo NULL',
    `${sql.trim()};`,
    '',
  ].join('\n');
  const run = await runMeasured(sqlite, ['-csv', '-readonly', database], { stdin: script, stdoutFile: out });
  if (run.code !== 0 || run.stderr.trim()) throw new Error(`sqlite3 failed (${run.code}): ${run.stderr.trim()}`);
  const { lines, bytes } = countLines(out);
  fs.rmSync(out, { force: true });
  return { ...run, rows: lines, bytes };
}

function countLines(file: string): { lines: number; bytes: number } {
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let lines = 0;
  let bytes = 0;
  try {
    for (let n = fs.readSync(fd, buffer); n > 0; n = fs.readSync(fd, buffer)) {
      bytes += n;
      for (let i = buffer.indexOf(10); i !== -1 && i < n; i = buffer.indexOf(10, i + 1)) lines++;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { lines, bytes };
}

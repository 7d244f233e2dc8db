// The soak's verdict: every tap written was shown once and logged once, the database is sound, memory stayed flat.
import Database from 'better-sqlite3';

/** Fills `report` from the kiosk's database and lists in `report.problems` every check that failed. */
export function judge(report, { db, writtenAt, shown, maxGrowthMb, output }) {
  const conn = new Database(db, { readonly: true });
  try {
    const rows = conn.prepare('SELECT credential_value AS value, count(*) AS n FROM visits GROUP BY credential_value').all();
    const logged = new Map(rows.map((r) => [r.value, r.n]));
    report.logged = [...writtenAt.keys()].filter((uid) => logged.has(uid)).length;
    report.duplicated = rows.filter((r) => r.n > 1).length;
    report.missing = [...writtenAt.keys()].filter((uid) => !logged.has(uid) || !shown.has(uid)).slice(0, 20);
    const integrity = conn.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') report.problems.push(`integrity_check: ${integrity}`);
  } finally {
    conn.close();
  }
  if (report.shown !== report.written) report.problems.push(`${report.written} taps written, ${report.shown} decisions shown`);
  if (report.logged !== report.written) report.problems.push(`${report.written} taps written, ${report.logged} visits logged`);
  if (report.duplicated > 0) report.problems.push(`${report.duplicated} taps logged more than once`);
  if (report.rss.growthMb !== undefined && report.rss.growthMb > maxGrowthMb)
    report.problems.push(`the kiosk's memory grew by ${report.rss.growthMb} MB (limit ${maxGrowthMb} MB)`);
  if (report.syncs.ok + report.syncs.failed === 0 && report.seconds >= 12) report.problems.push('no sync ran');
  if (report.syncs.failed > 0) report.problems.push(`${report.syncs.failed} syncs failed`);
  if (report.exports.failed > 0) report.problems.push(`${report.exports.failed} exports failed`);
  if (/\n\s+at /.test(output)) report.problems.push(`the kiosk printed a stack trace: ${output.slice(0, 500)}`);
}

import path from 'node:path';
import type { Feed } from '../../core/feed.js';
import { importWithCli, rawListInsert } from '../list-import.js';
import { check, type Check, type Measured } from '../report.js';
import { round } from '../stats.js';

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** List import: the command line as its own process, between two raw-insert baselines. */
export async function importFigure({
  cli,
  members,
  tmp,
  spaces,
  database,
  feed,
  notes,
}: {
  cli: string;
  members: number;
  tmp: string;
  spaces: Feed['spaces'];
  database: string;
  feed: string;
  notes: string[];
}): Promise<Measured> {
  const raw = path.join(tmp, 'raw-list.db');
  const before = rawListInsert(raw, members, spaces);
  const run = await importWithCli(cli, database, feed);
  const after = rawListInsert(raw, members, spaces);
  const baseline = mean([before, after]);
  const s = run.ms / 1000;
  const checks: Check[] = [check('time ÷ baseline', s / baseline, 2)];
  if (run.peakMB !== null) checks.push(check('peak MB', run.peakMB, 400));
  else notes.push("the import's peak memory could not be read on this system");
  const result = JSON.parse(run.stdout) as { members: number; credentials: number; skipped: number };
  return {
    unit: 's',
    measured: { s, ...(run.peakMB !== null && { peakMB: run.peakMB }) },
    baseline: { s: baseline },
    baselineWhat: 'prepared INSERTs, 1 transaction, same indexes',
    ratio: s / baseline,
    checks,
    details: {
      baselineRuns: [round(before), round(after)],
      installed: { members: result.members, credentials: result.credentials, skipped: result.skipped },
    },
  };
}

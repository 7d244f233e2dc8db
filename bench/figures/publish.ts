import fs from 'node:fs';
import path from 'node:path';
import type { Feed } from '../../core/feed.js';
import { runMeasured } from '../child.js';
import { makeRegistryAlliance, ROSTER_SIZE, writeRoster } from '../registry-data.js';
import { check, type Check, type Measured } from '../report.js';
import { round } from '../stats.js';

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

async function child(script: string, args: string[]) {
  const run = await runMeasured(process.execPath, [script, ...args]);
  if (run.code !== 0) throw new Error(`${path.basename(script)} ${args[0]} failed (${run.code}): ${run.stderr.trim()}`);
  return { ...run, result: JSON.parse(run.stdout) as Record<string, number> };
}

/**
 * Publishing a space's 10,000-member roster into the alliance: the roster written and the next
 * signed sequence (full feed, gzip copy, delta, manifest, timestamp) on disk, in a process of its
 * own, between two runs of a bare script writing, gzipping and signing the same feed bytes.
 */
export async function publishFigure({
  tmp,
  members,
  spaces,
  script,
  notes,
}: {
  tmp: string;
  members: number;
  spaces: Feed['spaces'];
  script: string;
  notes: string[];
}): Promise<Measured> {
  const dir = path.join(tmp, 'registry');
  await makeRegistryAlliance(dir, members, spaces);
  const roster = path.join(tmp, 'roster.json');
  writeRoster(roster, members);
  const feed1 = path.join(dir, 'pub', 'feed-1.json');
  const out = path.join(tmp, 'baseline-feed.json');
  const before = await child(script, ['baseline', feed1, out]);
  const run = await child(script, ['publish', dir, roster]);
  const feed2 = path.join(dir, 'pub', `feed-${run.result.sequence}.json`);
  const after = await child(script, ['baseline', feed2, out]);
  const s = run.result.ms! / 1000;
  const baseline = mean([before.result.ms!, after.result.ms!]) / 1000;
  const checks: Check[] = [check('time ÷ baseline', s / baseline, 2)];
  if (run.peakMB !== null) checks.push(check('peak MB', run.peakMB, 300));
  else notes.push("the publication's peak memory could not be read on this system");
  const delta = fs.statSync(path.join(dir, 'pub', `delta-${run.result.sequence}.json`)).size;
  return {
    unit: 's',
    measured: { s, ...(run.peakMB !== null && { peakMB: run.peakMB }) },
    baseline: { s: baseline },
    baselineWhat: 'write + gzip + sign the same feed bytes',
    ratio: s / baseline,
    checks,
    details: {
      roster: ROSTER_SIZE,
      rosterSeconds: round(run.result.rosterMs! / 1000),
      cpuSeconds: round(run.result.cpuMs! / 1000),
      added: run.result.added,
      changed: run.result.changed,
      removed: run.result.removed,
      sequence: run.result.sequence,
      feedMB: round(after.result.bytes! / 1e6),
      gzMB: round(after.result.gzBytes! / 1e6),
      deltaKB: round(delta / 1e3),
      processSeconds: round(run.ms / 1000),
      baselineRuns: [round(before.result.ms! / 1000), round(after.result.ms! / 1000)],
      baselinePeakMB: after.peakMB,
    },
  };
}

import fs from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { KIOSK_CHECKPOINTS } from '../../db/checkpoints.js';
import { PtyDevice } from '../pty.js';
import { check, type Measured } from '../report.js';
import { round, spread } from '../stats.js';
import { PtyFloor, RawTap } from '../floor.js';
import { tapsAndBaseline, type Badges, type Tapper } from '../taps.js';

/**
 * Tap → decision through the kiosk, against the floor of the same pty, lookup and durable insert done raw.
 * `keep` hears the taps' percentiles, the baseline of the figures after it.
 */
export async function decisionFigure({
  database,
  listFile,
  tapper,
  badges,
  taps: count,
  today,
  keep,
}: {
  database: string;
  listFile: string;
  tapper: Tapper;
  badges: Badges;
  taps: number;
  today: string;
  keep: (taps: { p50: number; p99: number }) => void;
}): Promise<Measured> {
  const copy = `${database}.floor`;
  const source = new Database(database, { readonly: true });
  try {
    await source.backup(copy);
  } finally {
    source.close();
  }
  const raw = new RawTap(copy, listFile);
  const floorPty = new PtyDevice();
  await floorPty.start();
  const floor = new PtyFloor(floorPty, raw);
  try {
    floor.open();
    // Both logs at their working size before anything is counted, as on a kiosk that has been
    // running: the first cycle of each lengthens its log file, and a commit that does waits for
    // the file system to journal the new length (60 of 2,000 kiosk taps did, 0.75–0.85 ms each).
    for (let i = 0; i < 2 * KIOSK_CHECKPOINTS.tapsPerCopy; i++) {
      await floor.once(badges.next(), today);
      await tapper.tap(badges.next());
    }
    const pauses: { kind: number; ms: number }[] = [];
    const gc = new PerformanceObserver((list) =>
      pauses.push(...list.getEntries().map((e) => ({ kind: (e as { detail?: { kind?: number } }).detail?.kind ?? 0, ms: e.duration }))),
    );
    gc.observe({ entryTypes: ['gc'] });
    const samples = await tapsAndBaseline(tapper, raw, floor, badges, count, today);
    gc.disconnect();
    const taps = spread(samples.taps);
    const base = spread(samples.raw);
    const least = spread(samples.floor);
    const alone = spread(samples.delivery);
    const idle = spread(samples.rawAfterIdle);
    keep({ p50: taps.p50, p99: taps.p99 });
    return {
      unit: 'ms',
      measured: { p50: taps.p50, p99: taps.p99 },
      baseline: { p50: least.p50, p99: least.p99 },
      baselineWhat:
        'pty floor: the frame through a pty to a blocking read(), then lookup + durable insert (into a copy of the database), tap by tap with the kiosk',
      ratio: taps.p99 / least.p99,
      checks: [check('p50 ÷ floor p50', taps.p50 / least.p50, 1.5), check('p99 ÷ floor p99', taps.p99 / least.p99, 1.25), check('p99 ms', taps.p99, 5)],
      details: {
        taps: taps.count,
        max: round(taps.max),
        ptyFloorMax: round(least.max),
        raw: { p50: round(base.p50), p99: round(base.p99), max: round(base.max), what: 'the raw lookup + insert alone, back to back' },
        rawAfterIdle: { p50: round(idle.p50), p99: round(idle.p99), max: round(idle.max), what: 'the same raw lookup + insert, each after a 1 ms wait' },
        ptyAlone: {
          p50: round(alone.p50),
          p99: round(alone.p99),
          max: round(alone.max),
          what: 'frame written → its last byte read by a blocking read(), nothing else',
        },
        decisions: samples.decisions,
        gcPauses: gcSummary(pauses),
        heapUsedMB: round(process.memoryUsage().heapUsed / 1e6),
        lookupPlan: raw.plan,
      },
    };
  } finally {
    floor.close();
    await floorPty.stop();
    raw.close();
    for (const file of [copy, `${copy}-wal`, `${copy}-shm`]) fs.rmSync(file, { force: true });
  }
}

/** GC pauses during the counted taps, by kind (perf_hooks: 1 minor, 2 major, 4 incremental marking, 8 weak callbacks). */
function gcSummary(pauses: { kind: number; ms: number }[]): Record<string, { count: number; totalMs: number; maxMs: number }> {
  const byKind: Record<string, { count: number; totalMs: number; maxMs: number }> = {};
  for (const { kind, ms } of pauses) {
    const name = GC_KINDS[kind] ?? `kind ${kind}`;
    const k = (byKind[name] ??= { count: 0, totalMs: 0, maxMs: 0 });
    k.count++;
    k.totalMs = round(k.totalMs + ms);
    k.maxMs = round(Math.max(k.maxMs, ms));
  }
  return byKind;
}

const GC_KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };

import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/open.js';
import { visitExport, type VisitFilters } from '../../db/visit-export.js';
import type { SliceThreads } from './export-job.js';
import type { SliceOrder, SliceReport, SliceWorkerData } from './slice-job.js';
import { planSlices } from './slices.js';
import type { VisitLineFormat } from './visit-lines.js';

/** A thread slices are made on. */
interface Lane {
  send(order: SliceOrder): void;
  stop(): Promise<unknown>;
}

/** Below this many visits one thread is quicker than starting others. */
const MIN_ROWS = 50_000;
/** A slice's text waits in its thread until its offset is known: this bounds it (≈ 1.4 MB of CSV). */
const MAX_SLICE_ROWS = 10_000;
const NURSERY_MB = 4;
const OLD_MB = 24;

/**
 * Makes a visit-log export into a file on several threads. Stepping rows through better-sqlite3
 * and formatting them is the whole cost of an export, and one thread cannot keep up with the
 * sqlite3 program's own export. The log is cut into slices of whole days; each thread (with a
 * read-only connection of its own) makes the text of the slices it is given and reports its
 * length; once the lengths before a slice are known, its thread writes it at its offset. Every
 * slice reads the visits up to the newest one when the export began, so the slices agree on
 * where the log ends while taps go on being logged. `start` is where the first slice goes (after
 * the header). Resolves to the rows written, or to null when the log is too short to be worth
 * it (the caller exports it on its own thread).
 */
export async function exportInSlices(
  db: Db,
  filters: VisitFilters,
  lines: VisitLineFormat,
  fd: number,
  start: () => Promise<number>,
  threads: SliceThreads,
  progress: (rows: number) => void,
): Promise<number | null> {
  if (threads.threads < 2) return null;
  const log = visitExport(db);
  const upTo = log.lastVisitId();
  const days = log.dayCounts({ ...filters, upTo });
  const total = days.reduce((sum, [, rows]) => sum + rows, 0);
  if (total < MIN_ROWS) return null;
  const slices = planSlices(days, Math.min(MAX_SLICE_ROWS, Math.ceil(total / (threads.threads * 4))));
  let offset = await start();

  const data: SliceWorkerData = { database: db.name, fd };
  const lanes: Lane[] = [];
  const made: { lane: Lane; bytes: number; rows: number }[] = [];
  const making = new Set<Lane>();
  const lanesWanted = Math.min(threads.threads, slices.length);
  // Slices made but not yet written, at most: each thread holds one made and makes the next.
  const ahead = lanesWanted * 2;
  let sent = 0;
  let placed = 0;
  let written = 0;
  let rows = 0;

  return new Promise<number | null>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      void Promise.all(lanes.map((lane) => lane.stop())).then(() => (error ? reject(error) : resolve(rows)));
    };
    const feed = () => {
      for (const lane of lanes) {
        if (making.has(lane) || sent >= slices.length || sent - written >= ahead) continue;
        const slice = slices[sent]!;
        making.add(lane);
        lane.send({ type: 'make', index: sent++, lines, filters: { ...filters, from: slice.from, to: slice.to, upTo } });
      }
      // Each slice in turn learns its offset as soon as the lengths of those before it are known.
      while (placed < sent && made[placed]) {
        const { lane, bytes } = made[placed]!;
        lane.send({ type: 'write', index: placed, at: offset });
        offset += bytes;
        placed++;
      }
    };
    const heard = (lane: Lane, report: SliceReport) => {
      if (settled) return;
      if (report.type === 'failed') return finish(new Error(report.error));
      if (report.type === 'made') {
        making.delete(lane);
        made[report.index] = { lane, bytes: report.bytes, rows: report.rows };
      } else {
        rows += made[report.index]!.rows;
        written++;
        progress(rows);
        if (written === slices.length) return finish(null);
      }
      feed();
    };
    for (let i = 0; i < lanesWanted; i++) {
      // A slice thread's garbage is text made and dropped a piece at a time: a small heap keeps it from piling up.
      const worker = new Worker(threads.workerFile, {
        workerData: data,
        resourceLimits: { maxYoungGenerationSizeMb: NURSERY_MB, maxOldGenerationSizeMb: OLD_MB },
      });
      const lane: Lane = { send: (order) => worker.postMessage(order), stop: () => worker.terminate() };
      worker.on('message', (report: SliceReport) => heard(lane, report));
      worker.on('error', finish);
      worker.on('exit', (code) => finish(new Error(`an export thread stopped (exit ${code}) before the export was finished`)));
      lanes.push(lane);
    }
    feed();
  });
}

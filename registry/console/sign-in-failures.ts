import type { Db } from '../../db/open.js';
import { FORGET_AFTER_MS, secondsToWait } from './sign-in-delay.js';

interface Row {
  failures: number;
  last_at: number;
}

const read = (db: Db, source: string) => db.prepare('SELECT failures, last_at FROM sign_in_failures WHERE source = ?').get(source) as Row | undefined;

/** Seconds `source` must wait before its next try; 0 when it may try now. */
export function waitForSource(db: Db, source: string, nowMs: number): number {
  const row = read(db, source);
  return row ? secondsToWait(row.failures, row.last_at, nowMs) : 0;
}

/** Counts one more wrong password from `source` (a quiet day starts the count again); the seconds it now waits. */
export function recordFailure(db: Db, source: string, nowMs: number): number {
  return db
    .transaction(() => {
      const row = read(db, source);
      const failures = row && nowMs - row.last_at < FORGET_AFTER_MS ? row.failures + 1 : 1;
      db.prepare(
        'INSERT INTO sign_in_failures (source, failures, last_at) VALUES (?, ?, ?) ON CONFLICT (source) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at',
      ).run(source, failures, nowMs);
      // Other sources' old rows go too, so the table holds only recent guessers.
      db.prepare('DELETE FROM sign_in_failures WHERE last_at < ?').run(nowMs - FORGET_AFTER_MS);
      return secondsToWait(failures, nowMs, nowMs);
    })
    .immediate();
}

/** The right password: the source starts again from no failures. */
export function clearFailures(db: Db, source: string): void {
  db.prepare('DELETE FROM sign_in_failures WHERE source = ?').run(source);
}

import type { Db } from './open.js';

/**
 * A kiosk answering screens waits for a locked database between tries, never inside one:
 * SQLite's own busy wait blocks the only thread, so every screen (and the web server) would
 * stop while one tap waited. Its connection does not wait for a lock at all; a refused
 * try is tried again after a pause (setTimeout), the pauses growing, until the call's budget
 * is spent. A one-shot command, which serves nobody, lets SQLite wait the budget in place.
 */

/**
 * How long one try may wait inside SQLite (blocking the thread) for another program's lock: not
 * at all. Tries of calls in flight together land in the same turn of the event loop, so any wait
 * here is multiplied by their number (5 ms each stalled the loop 100 ms with 20 check-ins waiting).
 */
export const BUSY_TIMEOUT_MS = 0;

/** How long a call waits in all for a lock before the visitor hears "not saved, tap again". */
export const BUSY_BUDGET_MS = 2_000;

const answering = new WeakSet<Db>();

/** From the first call a screen makes, and once readers run: SQLite gives up on a lock at once. */
export function answerWithoutBlocking(db: Db): void {
  if (answering.has(db)) return;
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  answering.add(db);
}

const FIRST_PAUSE_MS = 10;
const LONGEST_PAUSE_MS = 200;

/** True for SQLite's "another connection holds the lock" (busy or locked), however deep in the causes. */
export function isBusy(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | null; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && (e.code.startsWith('SQLITE_BUSY') || e.code.startsWith('SQLITE_LOCKED'))) return true;
  }
  return false;
}

/** The pauses between tries: doubling from 10 ms to 200 ms, cut so the last try ends near the budget. */
export function nextPause(tries: number, elapsedMs: number, budgetMs: number): number | null {
  const left = budgetMs - elapsedMs;
  if (left <= 0) return null;
  return Math.min(FIRST_PAUSE_MS * 2 ** tries, LONGEST_PAUSE_MS, left);
}

/**
 * Runs `attempt` (a whole transaction, rolled back by SQLite when refused) until it is not
 * refused for a lock or `budgetMs` has passed; the last refusal is thrown as it is.
 */
export async function retryWhileBusy<T>(attempt: () => T | Promise<T>, budgetMs = BUSY_BUDGET_MS): Promise<T> {
  const started = performance.now();
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const pause = isBusy(error) ? nextPause(tries, performance.now() - started, budgetMs) : null;
      if (pause === null) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

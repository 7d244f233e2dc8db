import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BUSY_BUDGET_MS } from '../db/busy-retry.js';
import { dispatch } from '../service/dispatch.js';
import type { Kiosk } from '../service/kiosk.js';
import { check, type Figure } from './report.js';
import { round, spread } from './stats.js';

/** The sqlite3 shell holding the database's write lock in a process of its own; resolves to its release. */
async function holdLock(sqlite: string, database: string): Promise<() => Promise<void>> {
  const shell = spawn(sqlite, [database], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => shell.once('exit', () => resolve()));
  let said = '';
  await new Promise<void>((resolve, reject) => {
    const heard = (d: Buffer) => {
      said += String(d);
      if (said.includes('locked')) resolve();
      else if (/Error/.test(said)) reject(new Error(`sqlite3 could not take the lock: ${said.trim()}`));
    };
    shell.stdout.on('data', heard);
    shell.stderr.on('data', heard);
    shell.once('error', reject);
    shell.stdin.write(".timeout 5000\nBEGIN EXCLUSIVE;\nSELECT 'locked';\n");
  });
  return async () => {
    shell.stdin.end('COMMIT;\n');
    await exited;
  };
}

interface Round {
  /** How long each check-in took to be answered (saved, or refused). */
  answers: number[];
  refused: number;
  /** The longest the event loop stood still meanwhile, in ms, and its 99th percentile. */
  maxStallMs: number;
  p99StallMs: number;
}

/** Typed check-ins from screens, one every `gapMs`, all in flight together; the event loop watched throughout. */
async function checkins(service: Kiosk, count: number, gapMs: number, prefix: string): Promise<Round> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const calls: Promise<{ ok: boolean; ms: number }>[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    calls.push(
      dispatch(service, 'checkin', { credential: `${prefix}-${i}` }, { session: null }).then(
        () => ({ ok: true, ms: performance.now() - started }),
        () => ({ ok: false, ms: performance.now() - started }),
      ),
    );
    await new Promise((r) => setTimeout(r, gapMs));
  }
  const results = await Promise.all(calls);
  loop.disable();
  // The histogram counts past its 5 ms timer; what it holds beyond that is the stall.
  const stall = (ns: number) => Math.max(0, ns / 1e6 - 5);
  return {
    answers: results.map((r) => r.ms),
    refused: results.filter((r) => !r.ok).length,
    maxStallMs: stall(loop.max),
    p99StallMs: stall(loop.percentile(99)),
  };
}

/**
 * The kiosk while another program holds the database's write lock: every typed check-in is
 * refused within the 2 s budget, and the event loop (every other screen, the web server) never
 * stands still for long. Beside it, the same check-ins with no lock.
 */
export async function lockedFigure(sqlite: string, database: string, service: Kiosk, count = 20): Promise<Omit<Figure, 'id' | 'name' | 'target' | 'pass'>> {
  const free = await checkins(service, count, 50, 'BENCH-FREE');
  const release = await holdLock(sqlite, database);
  let locked: Round;
  try {
    locked = await checkins(service, count, 50, 'BENCH-LOCKED');
  } finally {
    await release();
  }
  const answers = spread(locked.answers);
  return {
    unit: 'ms',
    measured: { maxStall: locked.maxStallMs },
    baseline: { maxStall: Math.max(free.maxStallMs, 0.1) },
    baselineWhat: 'the same check-ins with no lock',
    ratio: locked.maxStallMs / Math.max(free.maxStallMs, 0.1),
    checks: [
      check('max event-loop stall ms', locked.maxStallMs, 50),
      check('slowest refusal ms', answers.max, BUSY_BUDGET_MS + 250),
      check('check-ins saved under the lock', count - locked.refused, 0),
    ],
    details: {
      what: `${count} typed check-ins, one every 50 ms, while sqlite3 in another process holds BEGIN EXCLUSIVE`,
      refused: locked.refused,
      p99Stall: round(locked.p99StallMs),
      freeP99Stall: round(free.p99StallMs),
      answer: { p50: round(answers.p50), max: round(answers.max) },
      freeAnswerMax: round(spread(free.answers).max),
    },
  };
}

import fs from 'node:fs';
import path from 'node:path';
import { runMeasured } from '../child.js';
import { ROSTER_SPACE } from '../registry-data.js';
import type { ServedRegistry } from '../registry-serve.js';
import { check, type Measured } from '../report.js';
import { round } from '../stats.js';

interface LastSync {
  mode: 'full' | 'delta';
  bytes: number;
  ms: number;
}

/** The kiosk's command line on `database`; its JSON answer. */
async function kiosk(cli: string, database: string, args: string[]): Promise<Record<string, unknown>> {
  const run = await runMeasured(process.execPath, [cli, ...args, '--db', database, '--json']);
  if (run.code !== 0) throw new Error(`visa-kiosk ${args.slice(0, 2).join(' ')} failed (${run.code}): ${run.stderr.trim()}`);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

async function lastSync(cli: string, database: string): Promise<LastSync & { sequence: number }> {
  const status = await kiosk(cli, database, ['visa', 'status']);
  return { ...(status.lastSync as LastSync), sequence: status.sequence as number };
}

/**
 * One member changed on the alliance, installed at a kiosk that holds the previous sequence: a
 * kiosk joins a served registry (its first sync is the full list), one member of its space is
 * changed through it, and `visa sync` takes the change by delta. Both syncs as the kiosk itself
 * times them (`visa status` → lastSync), request to installed list.
 */
export async function deltaSyncFigure({ cli, tmp, registry }: { cli: string; tmp: string; registry: ServedRegistry }): Promise<Measured> {
  const database = path.join(tmp, 'delta-kiosk', 'kiosk.db');
  fs.mkdirSync(path.dirname(database), { recursive: true });
  await kiosk(cli, database, ['alliance', 'join', registry.url, await registry.code(ROSTER_SPACE)]);
  const full = await lastSync(cli, database);
  if (full.mode !== 'full') throw new Error(`the kiosk's first sync was by ${full.mode}, not the full list`);
  // The kiosk's enrolment is published as a sequence of its own: the kiosk takes it first, so it holds the one before the change.
  await registry.settled();
  await kiosk(cli, database, ['visa', 'sync']);
  const before = await lastSync(cli, database);
  await kiosk(cli, database, ['alliance', 'member', 'update', 'm-0', '--email', 'm0@changed.example.org']);
  await kiosk(cli, database, ['visa', 'sync']);
  const delta = await lastSync(cli, database);
  if (delta.mode !== 'delta') throw new Error(`the change was installed by ${delta.mode} sync, not by delta`);
  if (delta.sequence !== before.sequence + 1) throw new Error(`the kiosk went from sequence ${before.sequence} to ${delta.sequence}, not to the next`);
  return {
    unit: 'ms',
    measured: { ms: delta.ms },
    baseline: { ms: full.ms },
    baselineWhat: "the same kiosk's full sync of the list",
    ratio: delta.ms / full.ms,
    checks: [check('time ÷ full sync', delta.ms / full.ms, 0.01), check('bytes', delta.bytes, 4096)],
    details: {
      sequences: { full: full.sequence, delta: [before.sequence, delta.sequence] },
      deltaBytes: delta.bytes,
      fullMB: round(full.bytes / 1e6),
      bytesRatio: round(delta.bytes / full.bytes),
    },
  };
}

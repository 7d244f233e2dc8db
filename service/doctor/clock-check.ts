import { FUTURE_TOLERANCE_MS } from '../../core/list-freshness.js';
import type { Db } from '../../db/open.js';
import { syncState, type SyncState } from '../../db/sync-state.js';
import { duration, fail, pass, type CheckResult } from './check.js';

/** Before this the clock was never set (a board without a clock battery, no network time yet). */
const EARLIEST = Date.parse('2025-01-01T00:00:00Z');
/** Our own timestamps: allow for a network-time correction. */
const LOCAL_SLACK_MS = 5 * 60_000;

/** The latest time this kiosk wrote down (a visit, an audit entry, a sync), and what it was. */
function newestLocal(db: Db, sync: SyncState): { at: number; what: string } | null {
  const candidates: [string, string | null][] = [
    ['visit logged', (db.prepare('SELECT max(at) AS at FROM visits').get() as { at: string | null }).at],
    ['audit entry', (db.prepare('SELECT max(at) AS at FROM audit').get() as { at: string | null }).at],
    ['visa list sync', sync.installedAt],
    ['visa list sync', sync.lastSyncAt],
  ];
  let newest: { at: number; what: string } | null = null;
  for (const [what, at] of candidates) {
    const ms = at ? Date.parse(at) : NaN;
    if (!Number.isNaN(ms) && (!newest || ms > newest.at)) newest = { at: ms, what };
  }
  return newest;
}

/**
 * A clock that jumped backwards counts visits on the wrong day and makes a fresh list look old:
 * the system clock must not be before what this kiosk already wrote down, nor before the
 * installed list was generated.
 */
export function clockCheck(db: Db, now: Date): CheckResult {
  const iso = now.toISOString();
  if (now.getTime() < EARLIEST) return fail('clock', `the system clock says ${iso}: it has not been set (no clock battery, no network time?)`);
  const sync = syncState(db).read();
  const local = newestLocal(db, sync);
  if (local && now.getTime() < local.at - LOCAL_SLACK_MS) {
    return fail(
      'clock',
      `the system clock (${iso}) is ${duration(local.at - now.getTime())} behind the newest ${local.what} (${new Date(local.at).toISOString()}): it went backwards; set it (network time) before opening the kiosk`,
    );
  }
  const generated = sync.generatedAt;
  const generatedMs = generated ? Date.parse(generated) : NaN;
  if (!Number.isNaN(generatedMs) && now.getTime() < generatedMs - FUTURE_TOLERANCE_MS) {
    return fail(
      'clock',
      `the system clock (${iso}) is ${duration(generatedMs - now.getTime())} behind the visa list's generatedAt (${generated}): set it (network time)`,
    );
  }
  return pass('clock', `${iso}${local ? `, after the newest ${local.what}` : ''}`);
}

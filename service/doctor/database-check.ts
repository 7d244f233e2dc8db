import fs from 'node:fs';
import type { Db } from '../../db/open.js';
import { integrityProblems } from '../backup/inspect.js';
import { rescuedCopies } from '../storage-health.js';
import { bytes, fail, pass, warn, type CheckResult } from './check.js';

/** Under this much free space the kiosk keeps working but someone should look; under FAIL_BYTES writes may fail. */
export const LOW_DISK_BYTES = 500 * 1024 ** 2;
const FAIL_DISK_BYTES = 50 * 1024 ** 2;

const quickCheck = (db: Db, schema: 'main' | 'list') => integrityProblems(db, `${schema}.quick_check`);

/**
 * PRAGMA quick_check of the database and of the visa list file attached to it; and who may read
 * the file. `restore` is what to run to put the latest backup back.
 */
export function databaseCheck(db: Db, restore = 'visa-kiosk restore FILE'): CheckResult {
  let problems: string[];
  try {
    problems = [...quickCheck(db, 'main'), ...quickCheck(db, 'list').map((p) => `visa list file: ${p}`)];
  } catch (error) {
    return fail('database', `${db.name} is damaged: ${(error as Error).message}; restore a backup: ${restore}`);
  }
  if (problems.length > 0)
    return fail(
      'database',
      `${db.name} is damaged: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; restore a backup: ${restore}`,
    );
  const mode = fs.statSync(db.name).mode;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    return warn('database', `integrity ok, but ${db.name} can be read by other users (mode ${(mode & 0o777).toString(8)}): chmod 600 it`);
  }
  return pass('database', `integrity ok (quick_check of ${db.name} and its visa list file)`);
}

export type Statfs = (folder: string) => { bavail: number; bsize: number };

/** Free space on the volume the database is on. */
export function diskCheck(folder: string, statfs: Statfs = fs.statfsSync): CheckResult {
  const { bavail, bsize } = statfs(folder);
  const free = bavail * bsize;
  const detail = `${bytes(free)} free on the database's volume (${folder})`;
  if (free < FAIL_DISK_BYTES) return fail('disk', `only ${detail}: visits may fail to be saved`);
  if (free < LOW_DISK_BYTES) return warn('disk', `only ${detail}: make room (old exports, backups elsewhere)`);
  return pass('disk', detail);
}

/**
 * Copies a running kiosk made when its database file was deleted or replaced under it: the
 * visits they hold are in no other file until one is restored.
 */
export function rescueCheck(databaseFile: string): CheckResult {
  const copies = rescuedCopies(databaseFile);
  if (copies.length === 0) return pass('database file', `${databaseFile} is the file the kiosk writes to (no rescued copies beside it)`);
  const latest = copies.at(-1)!;
  return fail(
    'database file',
    `${databaseFile} was deleted or replaced while the kiosk ran: its visits were rescued to ${latest}${copies.length > 1 ? ` (and ${copies.length - 1} older cop${copies.length === 2 ? 'y' : 'ies'})` : ''}; stop the kiosk, then visa-kiosk restore ${latest}, and remove the rescued copy once restored`,
  );
}

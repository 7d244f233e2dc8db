import Database from 'better-sqlite3';
import fs from 'node:fs';
import { KioskError } from '../../core/errors.js';
import { isBusy } from '../../db/busy-retry.js';
import type { Db } from '../../db/open.js';

/**
 * The database taken for this process alone, or a refusal when another process has it open: in
 * WAL mode every open connection holds a shared lock on the file, so an exclusive lock is only
 * granted when no kiosk or command is using it. The WAL is folded in and the file left as one
 * (journal_mode DELETE), so a plain copy of it is the whole database and closing this handle
 * removes nothing by name. Null when there is no database, or no SQLite file, to take.
 */
export function takeExclusive(file: string): { db: Db; whole: boolean } | null {
  if (!fs.existsSync(file)) return null;
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    db.close();
    if (isBusy(error)) {
      throw new KioskError(`${file} is in use by another process: stop the kiosk (and any visa-kiosk command using it) first`);
    }
    // Not an SQLite file (a damaged database): nothing can be using it as one.
    return null;
  }
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { db, whole: db.pragma('journal_mode = DELETE', { simple: true }) === 'delete' };
  } catch {
    // A damaged database: its -wal is kept beside the copy instead.
    return { db, whole: false };
  }
}

import fs from 'node:fs';
import { KioskError } from '../core/errors.js';
import type { Db } from './open.js';

/**
 * A database file deleted or replaced under a running kiosk keeps answering: SQLite goes on
 * writing into the file it opened, which no longer has a name, so every visit acknowledged
 * after that is lost when the kiosk stops. The file's identity (device and inode) is taken
 * when it is opened and compared with what the path names now, before each transaction commits.
 */

export interface FileIdentity {
  dev: number;
  ino: number;
}

export type FileLoss = 'deleted' | 'replaced';

export function identityOf(file: string): FileIdentity | null {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? { dev: stat.dev, ino: stat.ino } : null;
}

/** What became of the file opened as `opened`, now that its path names `now`; null if it is still there. */
export function lossOf(opened: FileIdentity, now: FileIdentity | null): FileLoss | null {
  if (!now) return 'deleted';
  return now.dev === opened.dev && now.ino === opened.ino ? null : 'replaced';
}

export const FILE_LOST_MESSAGE = "the kiosk's database file was deleted or replaced: visits are not being saved, call staff";

const opened = new WeakMap<Db, FileIdentity>();

/** What became of the database file `db` was opened on; null while its path still names it. */
export function databaseLoss(db: Db): FileLoss | null {
  const identity = opened.get(db);
  return identity ? lossOf(identity, identityOf(db.name)) : null;
}

/**
 * Notes the file `db` has open and makes every transaction on it check, just before it commits,
 * that the path still names that file: a write that would be lost is rolled back and refused.
 */
export function guardFileIdentity(db: Db): void {
  const identity = identityOf(db.name);
  if (!identity) return;
  opened.set(db, identity);
  const transaction = db.transaction.bind(db);
  db.transaction = ((body: (...args: unknown[]) => unknown) =>
    transaction(function (this: unknown, ...args: unknown[]) {
      const result = body.apply(this, args);
      if (lossOf(identity, identityOf(db.name))) throw new KioskError(FILE_LOST_MESSAGE, 'not_saved');
      return result;
    })) as Db['transaction'];
}

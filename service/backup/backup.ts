import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { KioskError } from '../../core/errors.js';
import type { Db } from '../../db/open.js';
import { createPrivateFile, fsyncFile, fsyncFolder } from '../../db/durable.js';
import { listPointer, pointList } from './list-pointer.js';
import { listFileFor } from './names.js';

export interface BackupResult {
  file: string;
  /** The visa list file beside it; null when the kiosk had none installed. */
  listFile: string | null;
  bytes: number;
}

/** Pages per step of the online backup: small enough that a tap is never held up for long. */
const PAGES_PER_STEP = 1024;
/** The list is replaced between the snapshot and the copy of its file at most this often before we give up. */
const ATTEMPTS = 3;

/**
 * SQLite's online backup of one database file into a new owner-only file. A write by another
 * connection (the kiosk, while the command line backs up) sends the copy back to its first page:
 * under steady check-ins it would never end. Each restart doubles the step, so within a few
 * restarts one step copies everything between two check-ins. A bigger step holds this thread
 * longer, but only a copy that keeps being restarted gets one.
 */
async function onlineCopy(source: Db, target: string): Promise<void> {
  createPrivateFile(target);
  let pages = PAGES_PER_STEP;
  let left = Infinity;
  await source.backup(target, {
    progress: ({ totalPages, remainingPages }) => {
      if (remainingPages > left) pages = Math.min(pages * 2, Math.max(totalPages, PAGES_PER_STEP));
      left = remainingPages;
      return pages;
    },
  });
}

/**
 * A copy of the visa list file through a connection of its own: the kiosk has the file attached,
 * and reading it with plain file calls in this process would drop SQLite's locks on it. False
 * when the file is gone (an install replaced it).
 */
async function copyList(source: string, target: string): Promise<boolean> {
  let list: Db;
  try {
    list = new Database(source, { readonly: true, fileMustExist: true });
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CANTOPEN') return false;
    throw error;
  }
  try {
    await onlineCopy(list, target);
    return true;
  } finally {
    list.close();
  }
}

/**
 * A consistent copy of the kiosk database, taken with SQLite's online backup API while the kiosk
 * keeps logging visits, and of the visa list file it names. The database copy is a single file
 * (no -wal) pointing at the list copy beside it, so it can be restored, or opened with --db, as is.
 * Both are written under a temporary name, made durable, then renamed: a file with a backup's name
 * is always a whole backup.
 */
export async function backupDatabase(db: Db, out: string): Promise<BackupResult> {
  const file = path.resolve(out);
  const listFile = listFileFor(file);
  for (const existing of [file, listFile]) {
    if (fs.existsSync(existing)) throw new KioskError(`${existing} exists already: a backup never overwrites a file`);
  }
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new KioskError(`cannot back up into ${path.dirname(file)}: a file stands where that folder should be`);
    throw error;
  }
  const partial = `${file}.partial`;
  const partialList = `${listFile}.partial`;
  try {
    for (let attempt = 1; ; attempt++) {
      fs.rmSync(partialList, { force: true });
      await onlineCopy(db, partial);
      const pointer = singleFile(partial);
      const hasList = pointer !== null && (await copyList(path.join(path.dirname(db.name), pointer), partialList));
      if (pointer !== null && !hasList) {
        if (attempt < ATTEMPTS) continue;
        throw new KioskError('the visa list kept being replaced during the backup: try again');
      }
      if (hasList) {
        pointAt(partial, path.basename(listFile));
        fsyncFile(partialList);
        fs.renameSync(partialList, listFile);
      }
      fsyncFile(partial);
      fs.renameSync(partial, file);
      fsyncFolder(path.dirname(file));
      return { file, listFile: hasList ? listFile : null, bytes: fs.statSync(file).size + (hasList ? fs.statSync(listFile).size : 0) };
    }
  } catch (error) {
    fs.rmSync(partial, { force: true });
    fs.rmSync(partialList, { force: true });
    throw error;
  }
}

/** Makes the fresh copy one file (journal_mode DELETE: no -wal beside it); returns the list file its snapshot names. */
function singleFile(copyFile: string): string | null {
  const copy = new Database(copyFile);
  try {
    copy.pragma('journal_mode = DELETE');
    return listPointer(copy);
  } finally {
    copy.close();
  }
}

function pointAt(copyFile: string, listName: string): void {
  const copy = new Database(copyFile);
  try {
    pointList(copy, listName);
  } finally {
    copy.close();
  }
}

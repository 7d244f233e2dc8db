import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KioskError } from '../../core/errors.js';
import { newListPath } from '../../db/list-file.js';
import { copyPrivate, createPrivateFile, fsyncFile, fsyncFolder } from '../../db/durable.js';
import { takeExclusive } from './exclusive.js';
import { inspectKioskCopy, listFileProblem } from './inspect.js';
import { forgetList, listPointer, pointList } from './list-pointer.js';
import { fileStamp, stemOf } from './names.js';

export interface RestoreResult {
  database: string;
  from: string;
  visits: number;
  /** The replaced database, kept beside it; null when there was none. */
  keptAs: string | null;
  /** 'restored'; 'none' when the backup named no list; else why its list could not come along (the list is then empty until the next sync). */
  list: string;
}

/** The files SQLite keeps beside a database: a stale one next to the restored file would be replayed into it. */
const COMPANIONS = ['-wal', '-journal', '-shm'];

/**
 * Puts a backup in place of the kiosk database. The backup is copied beside the database first
 * and checked there (a kiosk database, a schema this build knows, a full integrity_check) with its
 * visa list file; then, only if no process has the database open, the database is kept as
 * `<name>-before-restore-<time>.db` and the checked copy renamed over it in one step. A refusal
 * changes nothing.
 */
export function restoreDatabase(source: string, target: string, now: Date): RestoreResult {
  const from = path.resolve(source);
  const database = path.resolve(target);
  if (from === database) throw new KioskError(`${source} is the kiosk database itself: give a backup file`);
  const stat = fs.statSync(from, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new KioskError(`cannot read ${source}: no such file`);
  if (stat.size === 0) throw new KioskError(`${source} is empty (0 bytes): it is not a backup, perhaps one whose copy was cut short; give another backup file`);
  fs.mkdirSync(path.dirname(database), { recursive: true, mode: 0o700 });
  const staged = `${database}.restore-${crypto.randomBytes(6).toString('hex')}`;
  let newList: string | null = null;
  try {
    copyPrivate(from, staged);
    // A database copied by hand may have its last writes in FILE-wal: they come along.
    if (fs.existsSync(`${from}-wal`)) copyPrivate(`${from}-wal`, `${staged}-wal`);
    const prepared = prepare(staged, from, source, database);
    newList = prepared.newList;
    fsyncFile(staged);
    const keptAs = replace(database, staged, now);
    return { database, from, visits: prepared.visits, keptAs, list: prepared.list };
  } catch (error) {
    for (const file of [staged, ...COMPANIONS.map((c) => `${staged}${c}`), ...(newList ? [newList] : [])]) fs.rmSync(file, { force: true });
    throw error;
  }
}

/** Checks the staged copy, brings its visa list file along (or records that it could not), and leaves it one file. */
function prepare(staged: string, from: string, shownAs: string, database: string): { visits: number; list: string; newList: string | null } {
  const copy = new Database(staged);
  try {
    const { visits } = inspectKioskCopy(copy, shownAs);
    const pointer = listPointer(copy);
    let list = 'none';
    let newList: string | null = null;
    if (pointer !== null) {
      const listSource = path.join(path.dirname(from), pointer);
      const problem = path.basename(pointer) === pointer ? listFileProblem(listSource) : 'missing';
      if (problem === null) {
        newList = newListPath(database);
        copyPrivate(listSource, newList);
        fsyncFile(newList);
        pointList(copy, path.basename(newList));
        list = 'restored';
      } else {
        forgetList(copy, `restored from ${path.basename(from)} without its visa list (${problem}): the list is empty until the next sync or import`);
        list = problem;
      }
    }
    copy.pragma('journal_mode = DELETE');
    return { visits, list, newList };
  } finally {
    copy.close();
  }
}

/**
 * Keeps the current database and renames the staged copy over it, while no other process can open
 * it. The lock is SQLite's, so the kept copy is made through the locked connection (VACUUM INTO):
 * reading the file with plain file calls would drop the lock.
 */
function replace(database: string, staged: string, now: Date): string | null {
  const held = takeExclusive(database);
  try {
    let keptAs: string | null = null;
    if (held?.whole) {
      keptAs = keptName(database, now);
      createPrivateFile(keptAs);
      held.db.prepare('VACUUM INTO ?').run(keptAs);
      fsyncFile(keptAs);
      // Windows cannot rename over an open file: there the lock goes just before the rename.
      if (process.platform === 'win32') held.db.close();
    } else {
      // Not one file (damaged, or no SQLite file at all): closing a WAL connection removes FILE-wal
      // by name, so it goes now, and the files are kept as they are.
      held?.db.close();
      if (fs.existsSync(database)) keptAs = keepAsIs(database, now);
    }
    for (const companion of COMPANIONS) fs.rmSync(`${database}${companion}`, { force: true });
    fs.renameSync(staged, database);
    fsyncFolder(path.dirname(database));
    return keptAs;
  } finally {
    if (held?.db.open) held.db.close();
  }
}

function keptName(database: string, now: Date): string {
  const base = path.join(path.dirname(database), `${stemOf(database)}-before-restore-${fileStamp(now)}`);
  let keptAs = `${base}.db`;
  for (let n = 1; fs.existsSync(keptAs); n++) keptAs = `${base}-${n}.db`;
  return keptAs;
}

/** A byte copy of a database that could not be opened whole, with its -wal and -journal. */
function keepAsIs(database: string, now: Date): string {
  const keptAs = keptName(database, now);
  for (const companion of ['', '-wal', '-journal']) {
    if (copyPrivate(`${database}${companion}`, `${keptAs}${companion}`)) fsyncFile(`${keptAs}${companion}`);
  }
  return keptAs;
}

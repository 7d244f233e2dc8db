import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { KioskError, type StorageFault } from '../core/errors.js';
import { BUSY_BUDGET_MS } from './busy-retry.js';
import { guardFileIdentity } from './file-identity.js';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/** 'VKSK': marks a file as a Visa Kiosk database, so a restore or a typo is caught. */
export const APPLICATION_ID = 0x564b534b;

/** How to put a backup of the file back, and whether there is one to put back. */
export interface RestoreAdvice {
  text: string;
  found: boolean;
}

/** True when a file still starts as an SQLite database does, whatever became of the rest. */
function looksLikeSqlite(file: string): boolean {
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  return head.toString('latin1') === 'SQLite format 3\0';
}

/** SQLite reports a full disk met while it sets up its shared-memory file as a plain I/O error. */
function diskIsFull(file: string): boolean {
  try {
    return fs.statfsSync(path.dirname(file)).bavail === 0;
  } catch {
    return false;
  }
}

function describeOpenError(file: string, error: unknown, restore: RestoreAdvice): KioskError {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    // A kiosk database with backups, or one whose start is still SQLite's, was damaged; any other file was never one (a typo in --db).
    if (restore.found || looksLikeSqlite(file))
      return new KioskError(`${file} is damaged (it can no longer be read as a database): restore a backup: ${restore.text}`);
    return new KioskError(`${file} is not a Visa Kiosk database (it is not an SQLite file)`);
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EROFS')
    return new KioskError(`${file} is read-only: the kiosk must be able to write its database`);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || (code.startsWith('SQLITE_IOERR') && diskIsFull(file))) {
    return new KioskError(
      `cannot open ${file}: the disk is full (SQLite needs room for its write-ahead log beside it): make room on ${path.dirname(file)}'s disk`,
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'ENOENT') return new KioskError(`cannot open ${file}: its folder does not exist or is not writable`);
  return new KioskError(`cannot open ${file}: ${(error as Error).message}`);
}

/** A database file made read-only on purpose (no write bit at all), which the kiosk will not open for writing. */
export function isReadOnlyFile(file: string): boolean {
  const existing = fs.statSync(file, { throwIfNoEntry: false });
  return existing !== undefined && (existing.mode & 0o222) === 0;
}

function ensureWritable(file: string): void {
  // Owner-only like the logs and backups in it: the folder holds the visit log and its copies.
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Honour a file made read-only on purpose, even for root, who could write it anyway.
  if (isReadOnlyFile(file)) throw Object.assign(new Error('read-only'), { code: 'EACCES' });
  // Owner-only from the first byte: the log holds people's names. SQLite gives its -wal and -shm files the same mode.
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
  fs.closeSync(fd);
}

export type { StorageFault };

/**
 * 'busy': another program held the lock longer than the call could wait; 'full': the disk is full; 'io':
 * an I/O error or a file that became read-only; 'damaged': a damaged page. Looks through a KioskError to its cause.
 */
export function storageFault(error: unknown): StorageFault | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'full';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY')) return 'io';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'damaged';
  if (error instanceof KioskError) return storageFault(error.cause);
  return null;
}

/** A call that only reads, refused for a reason outside the kiosk: the database could not be read just now, and why (writes say it in db/write-tx.ts). */
export function notRead(error: unknown): unknown {
  if (error instanceof KioskError) return error;
  const why = storageFault(error);
  switch (why) {
    case 'busy':
      return new KioskError(`the database is busy: another program has held it locked for more than ${BUSY_BUDGET_MS / 1000} s; try again`, 'refused', {
        cause: error,
        detail: { what: 'not_read', why },
      });
    case 'full':
      return new KioskError('the database could not be read: the disk is full', 'refused', { cause: error, detail: { what: 'not_read', why } });
    case 'io':
      return new KioskError(`the database could not be read (${(error as Error).message})`, 'refused', { cause: error, detail: { what: 'not_read', why } });
    case 'damaged':
      return new KioskError("the database could not be read: a file of the kiosk's database is damaged; staff have been told", 'refused', {
        cause: error,
        detail: { what: 'not_read', why },
      });
    default:
      return error;
  }
}

/** Brings the schema to the newest version; safe to run again and from two processes at once. */
export function migrate(db: Db): void {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  if (version() >= MIGRATIONS.length) return;
  db.transaction(() => {
    // Inside the write lock another process may have migrated already.
    for (let v = version(); v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}

/**
 * Opens (creating if needed) the kiosk database: WAL so readers never wait for the writer,
 * synchronous=FULL so a committed visit survives a power cut, foreign keys, and a busy
 * timeout so two processes can share the file (cut short once it answers screens: db/busy-retry.ts).
 */
export function openDatabase(file: string, options: { restore?: RestoreAdvice } = {}): Db {
  let db: Db | undefined;
  try {
    ensureWritable(file);
    db = new Database(file);
    // Until it answers screens (db/busy-retry.ts), a connection lets SQLite wait the whole budget for a lock.
    db.pragma(`busy_timeout = ${BUSY_BUDGET_MS}`);
    const appId = db.pragma('application_id', { simple: true }) as number;
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
    if (appId !== APPLICATION_ID && (appId !== 0 || tables.n > 0)) {
      throw new KioskError(`${file} is an SQLite database of another application, not a Visa Kiosk database`);
    }
    if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') {
      throw new KioskError(`${file}: the database cannot use write-ahead logging here (is it on a network share?)`);
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    if (appId === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db);
    guardFileIdentity(db);
    return db;
  } catch (error) {
    db?.close();
    throw error instanceof KioskError ? error : describeOpenError(file, error, options.restore ?? { text: 'visa-kiosk restore BACKUP', found: false });
  }
}

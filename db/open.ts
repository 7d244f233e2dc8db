import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { KioskError } from '../core/errors.js';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/** 'VKSK': marks a file as a Visa Kiosk database, so a restore or a typo is caught. */
export const APPLICATION_ID = 0x564b534b;
const BUSY_TIMEOUT_MS = 10_000;

function describeOpenError(file: string, error: unknown): KioskError {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return new KioskError(`${file} is not a Visa Kiosk database (it is not an SQLite file)`);
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EROFS') return new KioskError(`${file} is read-only: the kiosk must be able to write its database`);
  if (code === 'SQLITE_CANTOPEN' || code === 'ENOENT') return new KioskError(`cannot open ${file}: its folder does not exist or is not writable`);
  return new KioskError(`cannot open ${file}: ${(error as Error).message}`);
}

function ensureWritable(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Honour a file made read-only on purpose, even for root, who could write it anyway.
  const existing = fs.statSync(file, { throwIfNoEntry: false });
  if (existing && (existing.mode & 0o222) === 0) throw Object.assign(new Error('read-only'), { code: 'EACCES' });
  // Owner-only from the first byte: the log holds people's names. SQLite gives its -wal and -shm files the same mode.
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
  fs.closeSync(fd);
}

/**
 * A write the database refused for a reason outside the kiosk (another program holding the
 * lock past the busy timeout, a full disk, an I/O error), as one line that says what was not
 * saved and why; any other error is returned as it is. SQLite has rolled the transaction back.
 */
export function notSaved(what: string, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new KioskError(`${what} was not saved: the database is locked by another program (waited ${BUSY_TIMEOUT_MS / 1000} s); try again`);
  }
  if (code === 'SQLITE_FULL') return new KioskError(`${what} was not saved: the disk is full`);
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY')) return new KioskError(`${what} was not saved: the database could not be written (${(error as Error).message})`);
  return error;
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
 * timeout so two processes can share the file.
 */
export function openDatabase(file: string): Db {
  let db: Db | undefined;
  try {
    ensureWritable(file);
    db = new Database(file);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
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
    return db;
  } catch (error) {
    db?.close();
    throw error instanceof KioskError ? error : describeOpenError(file, error);
  }
}

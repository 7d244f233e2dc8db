import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KioskError } from '../core/errors.js';
import { createPrivateFile, fsyncFile, fsyncFolder } from './durable.js';
import type { Db } from './open.js';

/**
 * The visa list lives in a database file of its own, attached to the kiosk database as
 * `list`. A new list is built in a fresh file, off to the side, by a worker, without
 * touching the kiosk database's write lock; installing it is a pointer change in one short
 * transaction. So taps keep being logged during a million-member import, and an import
 * killed half-way leaves only an unreferenced file behind. A registry's delta, a few rows, is
 * the one change made in place, in one short transaction (service/alliance/delta-apply.ts).
 */

/** 'VKLS': a Visa Kiosk list file. */
export const LIST_APPLICATION_ID = 0x564b4c53;

const LIST_SCHEMA = `
  CREATE TABLE list_info (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    sequence INTEGER,
    generated_at TEXT,
    expires_at TEXT,
    spaces INTEGER NOT NULL,
    members INTEGER NOT NULL,
    credentials INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE spaces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    city TEXT NOT NULL,
    country TEXT NOT NULL,
    timezone TEXT NOT NULL,
    accepts_visitors INTEGER NOT NULL,
    free_days_per_month INTEGER NOT NULL,
    notice_hours INTEGER NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    day_pass_price TEXT,
    day_pass_currency TEXT
  ) STRICT;
  CREATE TABLE members (
    id TEXT NOT NULL,
    space_id TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    valid_until TEXT,
    -- Where the record stood in its source, for messages about it.
    position INTEGER NOT NULL
  ) STRICT;
  -- The keys of core/credential-match.ts: bits is null for a whole UID or a barcode, else how
  -- many low bits of the UID the list knows; low32, low24 and folded are what reads look up.
  CREATE TABLE credentials (
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    member_id TEXT NOT NULL,
    bits INTEGER,
    low32 TEXT,
    low24 TEXT,
    folded TEXT
  ) STRICT;
`;

/** The credentials table's columns, in order: a list file's rows are written and copied in it. */
export const CREDENTIAL_COLUMNS = 'kind, value, member_id, bits, low32, low24, folded';

/** The index that makes a badge map to one person; creating it fails while two members share one. */
export const CREDENTIALS_KEY_INDEX = 'CREATE UNIQUE INDEX credentials_key ON credentials(kind, value)';

/** The index that makes a member id name one member; creating it fails while an id is listed twice. */
export const MEMBERS_KEY_INDEX = 'CREATE UNIQUE INDEX members_id ON members(id)';

/** Indexes are built once the rows are in: far faster than keeping them up to date row by row. */
export const LIST_INDEXES = `
  CREATE INDEX members_space ON members(space_id);
  CREATE INDEX credentials_low32 ON credentials(low32) WHERE low32 IS NOT NULL;
  CREATE INDEX credentials_low24 ON credentials(low24) WHERE low24 IS NOT NULL;
  CREATE INDEX credentials_folded ON credentials(folded) WHERE folded IS NOT NULL;
  CREATE INDEX credentials_member ON credentials(member_id);
  CREATE INDEX credentials_partial ON credentials(bits) WHERE bits IS NOT NULL;
`;

/**
 * Whether the list may hold entries that know only a card's low bits (decimal, Wiegand forms),
 * which a whole UID must find too. A list file's index of those entries says so at once; a file
 * built before that index existed may hold some.
 */
export function mayHoldPartialCredentials(db: Db): boolean {
  try {
    if ((db.pragma('index_info(credentials_partial)') as unknown[]).length === 0) return true;
    return db.prepare('SELECT EXISTS (SELECT 1 FROM credentials WHERE bits IS NOT NULL)').pluck().get() === 1;
  } catch {
    // A damaged file is found, and fetched again, where a tap meets it; until then search it as a file may be.
    return true;
  }
}

/** True when a list file holds the keys short reads and folded barcodes are found by. */
export function hasMatchKeys(db: Db, schema: string): boolean {
  return (db.pragma(`${schema}.table_info(credentials)`) as { name: string }[]).some((column) => column.name === 'low24');
}

/**
 * A list file built before the keys existed, rebuilt with them into `file`: every credential
 * there is a whole UID or a barcode. The fold is core/credential-match.ts's foldBarcode in SQL.
 */
export function rekeyListFile(oldFile: string, file: string): void {
  const db = createListFile(file);
  try {
    db.prepare('ATTACH DATABASE ? AS old').run(oldFile);
    // Columns added to list files over time read as a default in an older file.
    const or = (table: string, column: string, fallback: string) =>
      (db.pragma(`old.table_info(${table})`) as { name: string }[]).some((c) => c.name === column) ? column : fallback;
    db.exec(`
      BEGIN;
      INSERT INTO list_info (id, sequence, generated_at, expires_at, spaces, members, credentials)
        SELECT id, sequence, generated_at, ${or('list_info', 'expires_at', 'NULL')}, spaces, members, credentials FROM old.list_info;
      INSERT INTO spaces SELECT * FROM old.spaces;
      INSERT INTO members (id, space_id, name, email, status, valid_until, position)
        SELECT id, space_id, name, email, status, valid_until, ${or('members', 'position', '0')} FROM old.members;
      INSERT INTO credentials (${CREDENTIAL_COLUMNS})
        SELECT kind, value, member_id, NULL,
          CASE WHEN kind = 'rfid' AND length(value) >= 8 THEN substr(value, -8) END,
          CASE WHEN kind = 'rfid' AND length(value) >= 6 THEN substr(value, -6) END,
          CASE WHEN kind = 'barcode' THEN CASE WHEN substr(value, 1, 5) = 'pass:' THEN value ELSE upper(replace(replace(replace(replace(value, ' ', ''), '.', ''), '_', ''), '-', '')) END END
        FROM old.credentials;
      COMMIT;
    `);
    db.exec('DETACH DATABASE old');
    db.exec(CREDENTIALS_KEY_INDEX);
    db.exec(MEMBERS_KEY_INDEX);
    db.exec(LIST_INDEXES);
    sealListFile(db);
  } catch (error) {
    db.close();
    fs.rmSync(file, { force: true });
    throw error;
  }
}

/** A new list file's name beside the kiosk database; the random part keeps two imports apart. */
export function newListPath(databaseFile: string): string {
  return `${databaseFile}-list-${crypto.randomBytes(6).toString('hex')}.db`;
}

/**
 * Opens a new, empty list file for building. Nothing reads it until it is installed, so it
 * is written without a journal and made durable in one fsync by `sealListFile`.
 */
export function createListFile(file: string): Db {
  createPrivateFile(file);
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma(`application_id = ${LIST_APPLICATION_ID}`);
  db.exec(LIST_SCHEMA);
  return db;
}

/** Closes a built list file and forces it to disk, so the pointer never names a file the disk lost. */
export function sealListFile(db: Db): void {
  const file = db.name;
  db.pragma('journal_mode = DELETE');
  db.close();
  fsyncFile(file);
  fsyncFolder(path.dirname(file));
}

/** An installable empty list, for a kiosk that has none yet. */
export function createEmptyListFile(file: string): void {
  const db = createListFile(file);
  db.prepare('INSERT INTO list_info (id, spaces, members, credentials) VALUES (1, 0, 0, 0)').run();
  db.exec(CREDENTIALS_KEY_INDEX);
  db.exec(MEMBERS_KEY_INDEX);
  db.exec(LIST_INDEXES);
  sealListFile(db);
}

export function attachList(db: Db, file: string): void {
  db.prepare('ATTACH DATABASE ? AS list').run(file);
  const id = db.pragma('list.application_id', { simple: true });
  if (id !== LIST_APPLICATION_ID) {
    db.exec('DETACH DATABASE list');
    throw new Error(`${file} is not a visa list file`);
  }
}

export function detachList(db: Db): void {
  db.exec('DETACH DATABASE list');
}

/** List files beside the kiosk database that no pointer names: left by an import that was killed. */
export function strayListFiles(databaseFile: string, current: string | null): string[] {
  const dir = path.dirname(databaseFile);
  const prefix = `${path.basename(databaseFile)}-list-`;
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.db'))
    .map((name) => path.join(dir, name))
    .filter((file) => file !== current);
}

/** A list source that cannot be read, in the same words on every thread. */
export function cannotRead(file: string, error: unknown, what?: string): KioskError {
  const code = (error as NodeJS.ErrnoException).code;
  return new KioskError(
    `cannot read ${what ? `the ${what} ` : ''}${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message}`,
  );
}

/**
 * A feed file is built by two threads (service/visa-list/build-pipe.ts): one scans, one writes. They
 * share a signal (Int32Array over a SharedArrayBuffer): batches posted, batches taken, and a
 * cancel flag set by the kiosk to stop both.
 */
export const PIPE_POSTED = 0;
export const PIPE_TAKEN = 1;
export const PIPE_CANCELLED = 2;
export const PIPE_SIGNAL_BYTES = 3 * 4;

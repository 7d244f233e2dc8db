import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { KioskError } from '../../core/errors.js';
import type { Db } from '../../db/open.js';
import { backfillCredentialKeys } from './credential-keys.js';
import { REGISTRY_MIGRATIONS } from './migrations.js';

/** 'VKRG': marks a file as a Visa Kiosk registry database. */
export const REGISTRY_APPLICATION_ID = 0x564b5247;

export const registryDbPath = (dir: string) => path.join(dir, 'registry.db');

/** The schema version whose badge table (member_credentials) the code fills: a database older than it has it filled at migration. */
const BADGE_KEYS_VERSION = 5;

function migrate(db: Db): void {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  if (version() >= REGISTRY_MIGRATIONS.length) return;
  db.transaction(() => {
    const from = version();
    for (let v = from; v < REGISTRY_MIGRATIONS.length; v++) {
      db.exec(REGISTRY_MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }
    // The badge table's rows are made by code (migrations 2, 4 and 5): a database with members gets them (again) here.
    if (from < BADGE_KEYS_VERSION) backfillCredentialKeys(db);
  }).immediate();
}

/**
 * Opens the registry database in DIR (made by `registry init`): WAL, so the console and kiosks'
 * downloads read while a publication writes; synchronous=FULL, so an accepted change survives a
 * power cut.
 */
export function openRegistryDb(dir: string, options: { create?: boolean } = {}): Db {
  const file = registryDbPath(dir);
  if (!options.create && !fs.existsSync(file))
    throw new KioskError(`${dir} holds no registry: make one with \`visa-kiosk registry init --dir ${dir} --name NAME --public-url URL\``);
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== REGISTRY_APPLICATION_ID && !(options.create && appId === 0)) throw new KioskError(`${file} is not a Visa Kiosk registry database`);
    if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') throw new KioskError(`${file}: the registry database cannot use write-ahead logging here`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    if (appId === 0) db.pragma(`application_id = ${REGISTRY_APPLICATION_ID}`);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** A read-only connection to the registry in DIR: a publication streams its feed from one snapshot of it while writes go on. */
export function openRegistryReader(dir: string): Db {
  const reader = new Database(registryDbPath(dir), { readonly: true });
  reader.pragma('busy_timeout = 5000');
  return reader;
}

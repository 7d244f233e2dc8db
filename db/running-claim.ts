import Database from 'better-sqlite3';
import fs from 'node:fs';
import { KioskError } from '../core/errors.js';
import { isBusy } from './busy-retry.js';

/** The running kiosk that holds a database: told to a second one that is refused. */
export interface Runner {
  pid: number;
  since: string;
}

export interface RunningClaim {
  release(): void;
}

/** What runs on a database, for the words of a refusal: the program, and how a second one is given data of its own. */
export interface Program {
  what: string;
  ownData: string;
}

export const KIOSK: Program = { what: 'kiosk', ownData: 'a database of its own (--db)' };
export const REGISTRY: Program = { what: 'registry', ownData: 'a folder of its own (--dir)' };

const words = (runner: Runner | null) =>
  runner ? `process ${runner.pid}, running since ${runner.since.slice(0, 16).replace('T', ' ')} UTC` : 'another process';

/**
 * One running kiosk (or registry) per database. A second kiosk (a `serve` started by hand beside
 * the installed one) would mark the first one's badges in print as interrupted, deliver its desk
 * calls twice and contend with it for the readers; a second registry would publish beside it.
 * The claim is a write lock on a small SQLite file beside the database (by its real path, so a
 * link to it finds the same claim), taken for the life of the process: the system drops it when
 * the process ends, however it ends, so a crash or a power cut leaves nothing stale behind. Who
 * holds it is written there first (committed, so the one refused can read it), then the lock is
 * taken again.
 */
export function claimRunning(databaseFile: string, program: Program, now = new Date()): RunningClaim {
  const file = `${fs.realpathSync(databaseFile)}-running`;
  const unusable = (error: unknown) =>
    new KioskError(
      `cannot tell whether another ${program.what} runs on ${databaseFile}: ${file} (${(error as Error).message}): remove that file, then start again`,
    );
  let db: Database.Database;
  try {
    // Owner-only, as the database: anyone else who could open it could hold a read lock on it, and no kiosk could start.
    fs.closeSync(fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600));
    db = new Database(file);
  } catch (error) {
    throw unusable(error);
  }
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('synchronous = OFF');
    db.transaction(() => {
      db.exec('CREATE TABLE IF NOT EXISTS runner (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, since TEXT NOT NULL)');
      db.prepare('INSERT OR REPLACE INTO runner (id, pid, since) VALUES (1, ?, ?)').run(process.pid, now.toISOString());
    }).immediate();
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    const runner = isBusy(error) ? readRunner(db) : null;
    db.close();
    if (!isBusy(error)) throw unusable(error);
    throw new KioskError(`${databaseFile} is in use by a running ${program.what} (${words(runner)}): stop it first, or give this one ${program.ownData}`);
  }
  return {
    release: () => {
      if (db.open) db.close();
    },
  };
}

function readRunner(db: Database.Database): Runner | null {
  try {
    return (db.prepare('SELECT pid, since FROM runner WHERE id = 1').get() as Runner | undefined) ?? null;
  } catch {
    // Its first holder is still making the table.
    return null;
  }
}

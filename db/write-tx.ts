import type Database from 'better-sqlite3';
import { KioskError } from '../core/errors.js';
import { BUSY_BUDGET_MS } from './busy-retry.js';
import { storageFault, type Db } from './open.js';

/**
 * Every write of the kiosk's database: one IMMEDIATE transaction (the facts read and the rows
 * written are one step, so two taps at once cannot both be "first today"). A write the database
 * refuses for a reason outside the kiosk is thrown as "`what` was not saved: why"; this is the
 * only place that words it. Waiting out another program's lock is the caller's edge: a command
 * line lets SQLite wait in place, a running kiosk tries the whole call again between turns of
 * the event loop (db/busy-retry.ts), which a synchronous write cannot do.
 */
export function writeTx<T>(db: Db, what: string, write: () => T): T {
  try {
    return transactionOf(db).immediate(write) as T;
  } catch (error) {
    throw notSaved(what, error);
  }
}

/** One transaction function per connection, given each write as it comes: `db.transaction` builds new wrappers on every call, which every tap paid for. */
const transactions = new WeakMap<Db, Database.Transaction<(write: () => unknown) => unknown>>();

function transactionOf(db: Db): Database.Transaction<(write: () => unknown) => unknown> {
  let transaction = transactions.get(db);
  if (!transaction) transactions.set(db, (transaction = db.transaction((write: () => unknown) => write())));
  return transaction;
}

/**
 * A write refused for a reason outside the kiosk (another program holding the lock past the busy
 * timeout, a full disk, an I/O error), as one line that says what was not saved and why, with the
 * database's error as its cause; any other error is returned as it is. SQLite has rolled it back.
 */
export function notSaved(what: string, error: unknown): unknown {
  if (error instanceof KioskError) return error;
  const why = storageFault(error);
  switch (why) {
    case 'busy':
      return new KioskError(`${what} was not saved: the database is locked by another program (waited ${BUSY_BUDGET_MS / 1000} s); try again`, 'not_saved', {
        cause: error,
        detail: { what: 'not_saved', why },
      });
    case 'full':
      return new KioskError(`${what} was not saved: the disk is full`, 'not_saved', { cause: error, detail: { what: 'not_saved', why } });
    case 'io':
      return new KioskError(`${what} was not saved: the database could not be written (${(error as Error).message})`, 'not_saved', {
        cause: error,
        detail: { what: 'not_saved', why },
      });
    case 'damaged':
      return new KioskError(`${what} was not saved: a file of the kiosk's database is damaged; staff have been told`, 'not_saved', {
        cause: error,
        detail: { what: 'not_saved', why },
      });
    default:
      return error;
  }
}

import type { ErrorDetail, KioskError } from '../core/errors.js';
import type { Db } from './open.js';

export interface SyncState {
  sequence: number | null;
  generatedAt: string | null;
  installedAt: string | null;
  source: string | null;
  signed: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
  /** What the last error was about, for a screen to word; null when not known (it is kept while the kiosk runs, not saved). */
  lastErrorDetail: ErrorDetail | null;
  /** The installed list file, by name, beside the kiosk database. */
  listFile: string | null;
  etag: string | null;
  lastModified: string | null;
  /** The URL the validators belong to: another URL must not be asked "unchanged?" with them. */
  etagUrl: string | null;
}

export interface Installed {
  listFile: string;
  sequence: number | null;
  generatedAt: string | null;
  at: string;
  source: string;
  signed: boolean;
  validators?: { url: string; etag: string | null; lastModified: string | null };
}

/**
 * The last failure's detail per database: the row keeps the English line (the command line and
 * doctor read it); a screen words the detail, while the same failure is the last one.
 */
const lastFailures = new WeakMap<Db, { message: string; detail: ErrorDetail }>();

/** One row: which list is installed, where it came from, and how the last attempt went. */
export function syncState(db: Db) {
  const read = db.prepare(
    `SELECT sequence, generated_at AS generatedAt, installed_at AS installedAt, source, signed,
            last_sync_at AS lastSyncAt, last_error AS lastError, list_file AS listFile,
            etag, last_modified AS lastModified, etag_url AS etagUrl FROM sync_state WHERE id = 1`,
  );
  const installed = db.prepare(
    `UPDATE sync_state SET list_file = @listFile, sequence = @sequence, generated_at = @generatedAt, installed_at = @at,
       source = @source, signed = @signed, last_sync_at = @at, last_error = NULL,
       etag = @etag, last_modified = @lastModified, etag_url = @etagUrl WHERE id = 1`,
  );
  const listFile = db.prepare('SELECT list_file FROM sync_state WHERE id = 1').pluck();
  const pointTo = db.prepare('UPDATE sync_state SET list_file = ? WHERE id = 1');
  const lost = db.prepare(
    `UPDATE sync_state SET list_file = ?, sequence = NULL, generated_at = NULL, installed_at = NULL, source = NULL,
       signed = 0, etag = NULL, last_modified = NULL, etag_url = NULL, last_error = ? WHERE id = 1`,
  );
  const unchanged = db.prepare('UPDATE sync_state SET last_sync_at = ?, last_error = NULL WHERE id = 1');
  const revalidated = db.prepare('UPDATE sync_state SET last_sync_at = ?, last_error = NULL, etag = ? WHERE id = 1');
  const failed = db.prepare('UPDATE sync_state SET last_error = ? WHERE id = 1');
  const newSource = db.prepare('UPDATE sync_state SET sequence = NULL, etag = NULL, last_modified = NULL, etag_url = NULL WHERE id = 1');
  const damaged = db.prepare('UPDATE sync_state SET etag = NULL, last_modified = NULL, etag_url = NULL, last_error = ? WHERE id = 1');
  return {
    read(): SyncState {
      const row = read.get() as Omit<SyncState, 'signed' | 'lastErrorDetail'> & { signed: number };
      const failure = lastFailures.get(db);
      return { ...row, signed: row.signed === 1, lastErrorDetail: failure && failure.message === row.lastError ? failure.detail : null };
    },
    /** The installed list file's name alone. */
    listFile(): string | null {
      return listFile.get() as string | null;
    },
    installed(info: Installed): void {
      const { validators, ...rest } = info;
      installed.run({
        ...rest,
        signed: info.signed ? 1 : 0,
        etag: validators?.etag ?? null,
        lastModified: validators?.lastModified ?? null,
        etagUrl: validators?.url ?? null,
      });
    },
    /** Names the list file to use without recording an import: the empty list of a new kiosk. */
    pointTo(listFile: string): void {
      pointTo.run(listFile);
    },
    /**
     * The installed list file is gone: an empty one stands in (or none yet, for ListStore to
     * make), and what described the old list goes too, so the next sync downloads the whole feed
     * instead of hearing "unchanged".
     */
    lost(emptyListFile: string | null, why: string): void {
      lost.run(emptyListFile, why);
    },
    /** The server said the list has not changed: that counts as a successful sync. */
    unchanged(at: string): void {
      unchanged.run(at);
    },
    /** The server confirmed the installed list under a new validator (a registry's re-signed timestamp). */
    revalidated(at: string, etag: string | null): void {
      revalidated.run(at, etag);
    },
    /**
     * The list will come from a source of its own sequence numbers (an alliance registry just
     * joined): the installed list stays in use, but its sequence no longer bars a "roll-back".
     */
    newSource(): void {
      newSource.run();
    },
    failed(error: KioskError): void {
      failed.run(error.message);
      if (error.detail) lastFailures.set(db, { message: error.message, detail: error.detail });
      else lastFailures.delete(db);
    },
    /** The installed list file is damaged: it stays in use, but the next sync downloads the whole feed. */
    damaged(why: string): void {
      damaged.run(why);
    },
  };
}
export type SyncStateTable = ReturnType<typeof syncState>;

import type { Db } from './open.js';

export interface SyncState {
  sequence: number | null;
  generatedAt: string | null;
  installedAt: string | null;
  source: string | null;
  signed: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
}

/** One row: what list is installed, where it came from, and how the last attempt went. */
export function syncState(db: Db) {
  const read = db.prepare(
    `SELECT sequence, generated_at AS generatedAt, installed_at AS installedAt, source, signed,
            last_sync_at AS lastSyncAt, last_error AS lastError FROM sync_state WHERE id = 1`,
  );
  const installed = db.prepare(
    `UPDATE sync_state SET sequence = @sequence, generated_at = @generatedAt, installed_at = @at, source = @source,
       signed = @signed, last_sync_at = @at, last_error = NULL WHERE id = 1`,
  );
  const failed = db.prepare('UPDATE sync_state SET last_error = ? WHERE id = 1');
  return {
    read(): SyncState {
      const row = read.get() as Omit<SyncState, 'signed'> & { signed: number };
      return { ...row, signed: row.signed === 1 };
    },
    installed(info: { sequence: number; generatedAt: string; at: string; source: string; signed: boolean }): void {
      installed.run({ ...info, signed: info.signed ? 1 : 0 });
    },
    failed(message: string): void {
      failed.run(message);
    },
  };
}

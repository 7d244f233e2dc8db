import { MAX_SKEW_SECONDS } from '../../core/registry/request-signing.js';
import type { Db } from '../../db/open.js';

/**
 * A nonce is kept as long as the request it came with could pass the clock check again: a request
 * dated 5 minutes ahead is taken until 5 minutes after its time, that second included.
 */
export const NONCE_LIFETIME_SECONDS = 2 * MAX_SKEW_SECONDS + 1;

/** How often nonces seen are written to the database, so a restart still refuses their replays. */
const FLUSH_EVERY_MS = 1000;

export interface NonceRow {
  kiosk: string;
  nonce: string;
  expires: number;
}

/** Writes nonces seen, and drops the expired ones; in one short transaction. */
export function saveNonces(db: Db, rows: NonceRow[], nowSeconds: number): void {
  const insert = db.prepare('INSERT INTO nonces (kiosk_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET expires_at = excluded.expires_at');
  db.transaction(() => {
    db.prepare('DELETE FROM nonces WHERE expires_at <= ?').run(nowSeconds);
    for (const row of rows) insert.run(row.kiosk, row.nonce, row.expires);
  }).immediate();
}

/**
 * The nonces of signed requests seen in the last ten minutes. Checked in memory, so a poll never
 * waits for a disk write (a commit per request would cost every kiosk's poll an fsync); written
 * to the database each second by `save` (the registry's writer thread when it runs one, so the
 * write never waits on this thread) and read back at start, so a restart does not reopen the window.
 */
export class Nonces {
  private readonly seen = new Map<string, number>();
  private pending: NonceRow[] = [];
  private saving: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    db: Db,
    nowSeconds: number,
    private readonly save: (rows: NonceRow[], nowSeconds: number) => void | Promise<void> = (rows, now) => saveNonces(db, rows, now),
  ) {
    db.prepare('DELETE FROM nonces WHERE expires_at <= ?').run(nowSeconds);
    for (const row of db.prepare('SELECT kiosk_id, nonce, expires_at FROM nonces').all() as { kiosk_id: string; nonce: string; expires_at: number }[])
      this.seen.set(`${row.kiosk_id} ${row.nonce}`, row.expires_at);
    this.timer = setInterval(() => void this.flush(Math.floor(Date.now() / 1000)), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  /** Remembers a request's nonce; false when this kiosk sent it before (a replay). */
  remember(kiosk: string, nonce: string, nowSeconds: number): boolean {
    const key = `${kiosk} ${nonce}`;
    const expires = this.seen.get(key);
    if (expires !== undefined && expires > nowSeconds) return false;
    this.seen.set(key, nowSeconds + NONCE_LIFETIME_SECONDS);
    this.pending.push({ kiosk, nonce, expires: nowSeconds + NONCE_LIFETIME_SECONDS });
    return true;
  }

  /** Forgets expired nonces and writes the new ones; a write still under way is waited for, not doubled. */
  flush(nowSeconds: number): Promise<void> {
    for (const [key, expires] of this.seen) if (expires <= nowSeconds) this.seen.delete(key);
    if (this.saving || this.pending.length === 0) return this.saving ?? Promise.resolve();
    const rows = this.pending;
    this.pending = [];
    // The database is busy or failing: the nonces stay in memory, and go with the next flush.
    const putBack = () => void (this.pending = [...rows, ...this.pending]);
    try {
      const saved = this.save(rows, nowSeconds);
      if (!saved) return Promise.resolve();
      this.saving = saved.catch(putBack).finally(() => (this.saving = null));
      return this.saving;
    } catch {
      putBack();
      return Promise.resolve();
    }
  }

  /** Stops the clock and writes what is still unwritten. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.saving;
    await this.flush(Math.floor(Date.now() / 1000));
  }
}

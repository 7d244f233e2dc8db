import { MAX_SKEW_SECONDS } from '../../core/registry/request-signing.js';
import type { Db } from '../../db/open.js';

/**
 * A nonce is kept as long as the request it came with could pass the clock check again: a request
 * dated 5 minutes ahead is taken until 5 minutes after its time, that second included.
 */
export const NONCE_LIFETIME_SECONDS = 2 * MAX_SKEW_SECONDS + 1;

/** How often nonces seen are written to the database, so a restart still refuses their replays. */
const FLUSH_EVERY_MS = 1000;

/**
 * The nonces of signed requests seen in the last ten minutes. Checked in memory, so a poll never
 * waits for a disk write (a commit per request would cost every kiosk's poll an fsync); written
 * to the database each second and read back at start, so a restart does not reopen the window.
 */
export class Nonces {
  private readonly seen = new Map<string, number>();
  private pending: { kiosk: string; nonce: string; expires: number }[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    nowSeconds: number,
  ) {
    db.prepare('DELETE FROM nonces WHERE expires_at <= ?').run(nowSeconds);
    for (const row of db.prepare('SELECT kiosk_id, nonce, expires_at FROM nonces').all() as { kiosk_id: string; nonce: string; expires_at: number }[])
      this.seen.set(`${row.kiosk_id} ${row.nonce}`, row.expires_at);
    this.timer = setInterval(() => this.flush(Math.floor(Date.now() / 1000)), FLUSH_EVERY_MS);
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

  flush(nowSeconds: number): void {
    for (const [key, expires] of this.seen) if (expires <= nowSeconds) this.seen.delete(key);
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    const insert = this.db.prepare(
      'INSERT INTO nonces (kiosk_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET expires_at = excluded.expires_at',
    );
    try {
      this.db
        .transaction(() => {
          this.db.prepare('DELETE FROM nonces WHERE expires_at <= ?').run(nowSeconds);
          for (const row of pending) insert.run(row.kiosk, row.nonce, row.expires);
        })
        .immediate();
    } catch {
      // The database is busy or failing: the nonces stay in memory, and go with the next flush.
      this.pending = [...pending, ...this.pending];
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.flush(Math.floor(Date.now() / 1000));
  }
}

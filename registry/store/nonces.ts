import type { Db } from '../../db/open.js';

/** A nonce is kept 10 minutes: longer than any request it came with stays inside the ±5 min clock window. */
export const NONCE_LIFETIME_SECONDS = 600;

/**
 * Remembers a signed request's nonce; false when the kiosk sent it before (a replay). Old nonces
 * are dropped on the way, so the table holds ten minutes of requests at most.
 */
export function rememberNonce(db: Db, kioskId: string, nonce: string, nowSeconds: number): boolean {
  db.prepare('DELETE FROM nonces WHERE expires_at <= ?').run(nowSeconds);
  const inserted = db
    .prepare('INSERT INTO nonces (kiosk_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
    .run(kioskId, nonce, nowSeconds + NONCE_LIFETIME_SECONDS);
  return inserted.changes === 1;
}

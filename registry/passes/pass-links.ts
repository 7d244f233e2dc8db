import crypto from 'node:crypto';
import type { Db } from '../../db/open.js';

/**
 * A member's pass link: `/pass/SPACE/MEMBER/MAC`, where MAC is an HMAC of the space and member ids
 * under a secret only the registry holds. Nothing per member is stored: the link keeps working
 * while the member stays on the roster and dies with them, and a link cannot be guessed from ids.
 */

const MAC_CHARS = 22;

const readSecret = (db: Db) => db.prepare("SELECT value FROM meta WHERE key = 'pass_link_secret'").pluck().get() as string | undefined;

/**
 * The registry's link secret, made at first use and kept in its database. Opening a pass page
 * only reads it: a write there would wait for, and fail behind, any other writer's lock.
 */
export function linkSecret(db: Db): Buffer {
  let secret = readSecret(db);
  if (secret === undefined) {
    db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('pass_link_secret', ?)").run(crypto.randomBytes(32).toString('base64'));
    secret = readSecret(db)!;
  }
  return Buffer.from(secret, 'base64');
}

function mac(secret: Buffer, spaceId: string, memberId: string): string {
  return crypto.createHmac('sha256', secret).update(`${spaceId}\n${memberId}`).digest('base64url').slice(0, MAC_CHARS);
}

export function passLinkPath(secret: Buffer, spaceId: string, memberId: string): string {
  return `/pass/${encodeURIComponent(spaceId)}/${encodeURIComponent(memberId)}/${mac(secret, spaceId, memberId)}`;
}

/** True when the link's MAC was made by this registry for this space and member. */
export function linkHolds(secret: Buffer, spaceId: string, memberId: string, given: string): boolean {
  const expected = Buffer.from(mac(secret, spaceId, memberId));
  const actual = Buffer.from(given);
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

import crypto from 'node:crypto';
import { formatEnrolmentCode, ROOT_PREFIX_LENGTH, type EnrolmentCode } from '../../core/registry/enrolment-code.js';
import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/write-tx.js';
import { requireSpace } from './spaces.js';
import { StoreRefusal } from './refusal.js';

/** How long a code may wait to be used: long enough to reach a space by mail, short enough that a lost one dies. */
export const CODE_LIFETIME_MS = 7 * 24 * 3600 * 1000;

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/** A new one-time code for a kiosk of `spaceId`; only its secret's SHA-256 is kept. */
export function makeEnrolmentCode(db: Db, spaceId: string, rootFingerprint: string, now = new Date()): { code: string; expiresAt: string } {
  return writeTx(db, `an enrolment code for ${spaceId}`, () => {
    const space = requireSpace(db, spaceId);
    if (space.state !== 'active') throw new StoreRefusal(`space "${spaceId}" is ${space.state}: it cannot enrol kiosks`, 'refused', 'space_not_active');
    const secret = crypto.randomBytes(16).toString('base64url');
    const expiresAt = new Date(now.getTime() + CODE_LIFETIME_MS).toISOString();
    db.prepare('INSERT INTO enrolment_codes (secret_sha256, space_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
      sha256(secret),
      spaceId,
      now.toISOString(),
      expiresAt,
    );
    return { code: formatEnrolmentCode({ space: spaceId, secret, rootPrefix: rootFingerprint.slice(0, ROOT_PREFIX_LENGTH) }), expiresAt };
  });
}

export type CodeProblem = 'unknown' | 'used' | 'expired';

/**
 * Marks a code used by `kioskId`; call inside the enrolment's transaction. The space is the code's
 * own row, never the one the code's text names.
 */
export function takeEnrolmentCode(db: Db, code: EnrolmentCode, kioskId: string, now = new Date()): { space: string } | { problem: CodeProblem } {
  const row = db.prepare('SELECT space_id, expires_at, used_at FROM enrolment_codes WHERE secret_sha256 = ?').get(sha256(code.secret)) as
    { space_id: string; expires_at: string; used_at: string | null } | undefined;
  if (!row || row.space_id !== code.space) return { problem: 'unknown' };
  if (row.used_at) return { problem: 'used' };
  if (Date.parse(row.expires_at) <= now.getTime()) return { problem: 'expired' };
  db.prepare('UPDATE enrolment_codes SET used_at = ?, used_by_kiosk = ? WHERE secret_sha256 = ?').run(now.toISOString(), kioskId, sha256(code.secret));
  return { space: row.space_id };
}

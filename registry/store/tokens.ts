import crypto from 'node:crypto';
import { KioskError } from '../../core/errors.js';
import type { ApiTokenListing } from '../../core/registry/api-tokens.js';
import type { Db } from '../../db/open.js';
import { prepared } from '../../db/prepared.js';
import { writeTx } from '../../db/write-tx.js';
import { recordChange, type Actor } from './changes.js';

/** API tokens start so; a leaked one is recognisable in a log or a secret scanner. */
export const TOKEN_PREFIX = 'vkt_';

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/** A new token for a space's membership system: returned once, kept only as its SHA-256. */
export function createToken(db: Db, spaceId: string, label: string, actor: Actor, now = new Date()): { id: string; token: string } {
  const token = `${TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
  const id = `t-${crypto.randomBytes(6).toString('base64url')}`;
  writeTx(db, 'the API token', () => {
    db.prepare('INSERT INTO tokens (id, space_id, token_sha256, label, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      id,
      spaceId,
      sha256(token),
      label,
      actor,
      now.toISOString(),
    );
    recordChange(db, { actor, space: spaceId, kind: 'token_created', summary: `API token ${id}${label ? ` (${label})` : ''} made` }, now);
  });
  return { id, token };
}

export function revokeToken(db: Db, spaceId: string, tokenId: string, actor: Actor, now = new Date()): void {
  writeTx(db, 'the API token', () => {
    const row = db.prepare('SELECT space_id, revoked_at FROM tokens WHERE id = ?').get(tokenId) as { space_id: string; revoked_at: string | null } | undefined;
    if (!row || row.space_id !== spaceId) throw new KioskError(`space ${spaceId} has no API token "${tokenId}"`, 'not_found');
    if (row.revoked_at) return;
    db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ?').run(now.toISOString(), tokenId);
    recordChange(db, { actor, space: spaceId, kind: 'token_revoked', summary: `API token ${tokenId} revoked` }, now);
  });
}

export interface TokenRow {
  id: string;
  spaceId: string;
  revokedAt: string | null;
}

/** The token a bearer presents, by its hash; null when no token hashes so. */
export function findToken(db: Db, token: string): TokenRow | null {
  return (
    (prepared(db, 'SELECT id, space_id AS spaceId, revoked_at AS revokedAt FROM tokens WHERE token_sha256 = ?').get(sha256(token)) as TokenRow | undefined) ??
    null
  );
}

/** A space's tokens, oldest first, revoked ones included (with when): what was made, by whom, for what. */
export function listTokens(db: Db, spaceId: string): ApiTokenListing[] {
  return prepared(
    db,
    'SELECT id, label, created_at AS createdAt, created_by AS createdBy, revoked_at AS revokedAt FROM tokens WHERE space_id = ? ORDER BY created_at, id',
  ).all(spaceId) as ApiTokenListing[];
}

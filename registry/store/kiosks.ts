import crypto from 'node:crypto';
import type { EnrolmentCode } from '../../core/registry/enrolment-code.js';
import type { Db } from '../../db/open.js';
import { prepared } from '../../db/prepared.js';
import { writeTx } from '../../db/write-tx.js';
import { type Actor, recordChange } from './changes.js';
import { takeEnrolmentCode, type CodeProblem } from './codes.js';
import { getSpace, spaceRefusal, type SpaceRow } from './spaces.js';
import { StoreRefusal } from './refusal.js';

export interface KioskRow {
  id: string;
  spaceId: string;
  publicKey: string;
  name: string;
  enrolledAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

const COLUMNS = 'id, space_id AS spaceId, public_key AS publicKey, name, enrolled_at AS enrolledAt, last_seen_at AS lastSeenAt, revoked_at AS revokedAt';

export function getKiosk(db: Db, id: string): KioskRow | null {
  return (prepared(db, `SELECT ${COLUMNS} FROM kiosks WHERE id = ?`).get(id) as KioskRow | undefined) ?? null;
}

export function listKiosks(db: Db): KioskRow[] {
  return db.prepare(`SELECT ${COLUMNS} FROM kiosks ORDER BY space_id, enrolled_at`).all() as KioskRow[];
}

export type EnrolResult = { ok: true; kioskId: string; space: SpaceRow } | { ok: false; problem: CodeProblem | 'key_taken'; message: string };

const CODE_PROBLEMS: Record<CodeProblem, string> = {
  unknown: 'this enrolment code is not one this registry made: ask the coordinator for a new one',
  used: 'this enrolment code was used already: ask the coordinator for another (`registry space code`)',
  expired: 'this enrolment code has expired: ask the coordinator for another (`registry space code`)',
};

/** Takes a one-time code and registers the kiosk's public key to the code's space, in one transaction. */
export function enrolKiosk(db: Db, input: { code: EnrolmentCode; publicKey: string; name: string }, now = new Date()): EnrolResult {
  return writeTx(db, 'the kiosk', () => {
    if (db.prepare('SELECT 1 FROM kiosks WHERE public_key = ?').get(input.publicKey))
      return { ok: false, problem: 'key_taken', message: 'this kiosk key is enrolled already: a kiosk needs its own new key' };
    const kioskId = `k-${crypto.randomBytes(12).toString('base64url')}`;
    const taken = takeEnrolmentCode(db, input.code, kioskId, now);
    if ('problem' in taken) return { ok: false, problem: taken.problem, message: CODE_PROBLEMS[taken.problem] };
    const space = getSpace(db, taken.space)!;
    const closed = spaceRefusal(space, taken.space);
    // Thrown, not returned: the code stays unused for when the space is resumed.
    if (closed) throw new StoreRefusal(closed, 'forbidden', 'space_closed');
    db.prepare('INSERT INTO kiosks (id, space_id, public_key, name, enrolled_at) VALUES (?, ?, ?, ?, ?)').run(
      kioskId,
      space.id,
      input.publicKey,
      input.name,
      now.toISOString(),
    );
    recordChange(db, { actor: `kiosk:${kioskId}`, space: space.id, kind: 'kiosk_enrolled', summary: `kiosk ${input.name || kioskId} enrolled` }, now);
    return { ok: true, kioskId, space };
  });
}

/**
 * Refuses a kiosk from now on (a stolen or retired kiosk): its signed requests are answered 403
 * and it can download no list. Its space, members and other kiosks are untouched; a kiosk put
 * back into service joins again with a new code, as a new kiosk with a new key.
 */
export function revokeKiosk(db: Db, id: string, actor: Actor, now = new Date()): KioskRow {
  return writeTx(db, `kiosk ${id}`, () => {
    const kiosk = getKiosk(db, id);
    if (!kiosk) throw new StoreRefusal(`no kiosk "${id}" is enrolled here: \`registry kiosk list\` shows them`, 'not_found', 'unknown_kiosk');
    if (kiosk.revokedAt) throw new StoreRefusal(`kiosk "${id}" was revoked already, at ${kiosk.revokedAt}`, 'refused', 'already_revoked');
    db.prepare('UPDATE kiosks SET revoked_at = ? WHERE id = ?').run(now.toISOString(), id);
    recordChange(db, { actor, space: kiosk.spaceId, kind: 'kiosk_revoked', summary: `kiosk ${kiosk.name || id} revoked` }, now);
    return { ...kiosk, revokedAt: now.toISOString() };
  });
}

/** Notes when a kiosk was last heard from, for the coordinator's list; at most once a minute per kiosk. */
export function touchKiosk(db: Db, id: string, now = new Date()): void {
  const cutoff = new Date(now.getTime() - 60_000).toISOString();
  db.prepare('UPDATE kiosks SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)').run(now.toISOString(), id, cutoff);
}

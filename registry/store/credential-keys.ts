import { credentialLabel, parseListCredential } from '../../core/credential-match.js';
import { KioskError } from '../../core/errors.js';
import type { FeedMember } from '../../core/feed.js';
import { prepared } from '../../db/prepared.js';
import type { Db } from '../../db/open.js';

/**
 * Which member holds which badge, keyed as a kiosk keys it (kind and normalised value, whatever
 * form it was written in). A kiosk gives a badge two members claim to neither, so a space that
 * could claim another space's member's badge would shut that member out everywhere: the
 * registry refuses the second claim instead, naming the holder.
 */

type Credentials = FeedMember['credentials'];

interface Key {
  kind: string;
  value: string;
  label: string;
}

function keysOf(credentials: Credentials): Key[] {
  const keys: Key[] = [];
  for (const c of credentials) {
    const parsed = parseListCredential(c.kind, c.value, c.form);
    // Checked before it gets here (roster-input.ts): a credential a kiosk cannot read is refused there.
    if (parsed.ok) keys.push({ kind: parsed.credential.kind, value: parsed.credential.value, label: credentialLabel(parsed.credential) });
  }
  return keys;
}

/** Another member (not `member`, not of `ownSpace`) of a space still listed who holds a badge. */
const HOLDER = `SELECT k.member_id AS member, m.space_id AS space FROM member_credentials k JOIN members m ON m.id = k.member_id JOIN spaces s ON s.id = m.space_id
  WHERE k.kind = ? AND k.value = ? AND k.member_id != ? AND m.space_id != ? AND s.state != 'removed' LIMIT 1`;

/**
 * Refuses badges held by another member, or listed twice. A whole roster passes `claims` (badge to
 * member, shared by its rows) and `ownSpace`: its own space's current rows are being replaced, so
 * only other spaces' members count as holders, and a row whose badges did not change was checked when they were set.
 */
export function checkCredentialsFree(
  db: Db,
  member: string,
  credentials: Credentials,
  roster?: { claims: Map<string, string>; ownSpace: string; unchanged: boolean },
): void {
  const holder = prepared(db, HOLDER);
  const own = new Set<string>();
  for (const key of keysOf(credentials)) {
    const id = `${key.kind}:${key.value}`;
    if (own.has(id)) throw new KioskError(`member ${member} lists badge ${key.label} twice`, 'invalid');
    own.add(id);
    const earlier = roster?.claims.get(id);
    if (earlier !== undefined) throw new KioskError(`badge ${key.label} is given to both ${earlier} and ${member}: a badge belongs to one member`, 'invalid');
    roster?.claims.set(id, member);
    if (roster?.unchanged) continue;
    const held = holder.get(key.kind, key.value, member, roster?.ownSpace ?? '') as { member: string; space: string } | undefined;
    if (held)
      throw new KioskError(`badge ${key.label} already belongs to member ${held.member} of space ${held.space}: a badge belongs to one member`, 'refused');
  }
}

/** Records the badges `member` now holds, in place of those it held. */
export function setCredentialKeys(db: Db, member: string, credentials: Credentials): void {
  prepared(db, 'DELETE FROM member_credentials WHERE member_id = ?').run(member);
  const insert = prepared(db, 'INSERT INTO member_credentials (kind, value, member_id) VALUES (?, ?, ?)');
  for (const key of keysOf(credentials)) insert.run(key.kind, key.value, member);
}

/** Fills the table from the members already stored (a database made before it existed). */
export function backfillCredentialKeys(db: Db): void {
  for (const row of db.prepare('SELECT id, credentials FROM members').all() as { id: string; credentials: string }[])
    setCredentialKeys(db, row.id, JSON.parse(row.credentials) as Credentials);
}

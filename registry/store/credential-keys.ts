import { credentialLabel, listKeys, parseListCredential, type ListCredential, type ListKeys } from '../../core/credential-match.js';
import { low24 } from '../../core/credentials.js';
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

interface Key extends ListCredential, ListKeys {
  label: string;
  /** What two badges must not share: a barcode's folded form, an RFID value as written. */
  claim: string;
}

function keysOf(credentials: Credentials): Key[] {
  const keys: Key[] = [];
  for (const c of credentials) {
    const parsed = parseListCredential(c.kind, c.value, c.form);
    // Checked before it gets here (roster-input.ts): a credential a kiosk cannot read is refused there.
    if (!parsed.ok) continue;
    const found = listKeys(parsed.credential);
    const claim = `${parsed.credential.kind}:${found.folded ?? parsed.credential.value}`;
    keys.push({ ...parsed.credential, ...found, label: credentialLabel(parsed.credential), claim });
  }
  return keys;
}

/** Another member (not `member`, not of `ownSpace`) of a space still listed who holds a badge matching `where`. */
const holderWhere = (
  where: string,
) => `SELECT k.member_id AS member, m.space_id AS space FROM member_credentials k JOIN members m ON m.id = k.member_id JOIN spaces s ON s.id = m.space_id
  WHERE ${where} AND k.member_id != ? AND m.space_id != ? AND s.state != 'removed' LIMIT 1`;
const SAME = holderWhere('k.kind = ? AND k.value = ?');
const FOLDED = holderWhere('k.folded = ?');
const LOW32_OF = holderWhere('k.low32 = ? AND k.bits = 32');
const LOW24_OF = holderWhere('k.low24 = ? AND k.bits = 24');
const ANY_LOW32 = holderWhere('k.low32 = ?');
const ANY_LOW24 = holderWhere('k.low24 = ?');

type Holder = { member: string; space: string };

/**
 * Who else a kiosk could take for this badge's holder: the same badge, or badges agreeing on every
 * bit both know (a whole UID and the decimal number printed on it, its Wiegand-26 bits). Two whole
 * UIDs that share their low bits stay apart: a kiosk reading either whole tells them apart.
 */
function otherHolder(db: Db, key: Key, member: string, ownSpace: string): { holder: Holder; sameBadge: boolean } | null {
  const find = (sql: string, value: string | null) => (value === null ? undefined : (prepared(db, sql).get(value, member, ownSpace) as Holder | undefined));
  const same = prepared(db, SAME).get(key.kind, key.value, member, ownSpace) as Holder | undefined;
  if (same) return { holder: same, sameBadge: true };
  if (key.kind !== 'rfid') {
    const folded = find(FOLDED, key.folded);
    return folded ? { holder: folded, sameBadge: false } : null;
  }
  const overlapping =
    key.bits === null
      ? (find(LOW32_OF, key.low32) ?? find(LOW24_OF, key.low24))
      : key.bits === 32
        ? (find(ANY_LOW32, key.value) ?? find(LOW24_OF, low24(key.value)))
        : find(ANY_LOW24, key.value);
  return overlapping ? { holder: overlapping, sameBadge: false } : null;
}

/** A badge claimed by a row of a roster: by whom, as written, and whether that row's badges are as stored. */
export interface Claim {
  member: string;
  exact: string;
  unchanged: boolean;
}

/**
 * Refuses badges held by another member, or listed twice. A whole roster passes `claims` (badge to
 * member, shared by its rows) and `ownSpace`: its own space's current rows are being replaced, so
 * only other spaces' members count as holders, and a row whose badges did not change was checked when they were set.
 */
export function checkCredentialsFree(
  db: Db,
  member: string,
  credentials: Credentials,
  roster?: { claims: Map<string, Claim>; ownSpace: string; unchanged: boolean },
): void {
  const unchanged = roster?.unchanged === true;
  const own = new Map<string, string>();
  for (const key of keysOf(credentials)) {
    const exact = `${key.kind}:${key.value}`;
    const listed = own.get(key.claim);
    // Rows kept as they were may hold barcodes stored before folded ones clashed (AB-1 and ab1): only what changes must not.
    if (listed !== undefined && (!unchanged || listed === exact)) throw new KioskError(`member ${member} lists badge ${key.label} twice`, 'invalid');
    own.set(key.claim, exact);
    const earlier = roster?.claims.get(key.claim);
    if (earlier !== undefined && !(earlier.unchanged && unchanged && earlier.exact !== exact))
      throw new KioskError(`badge ${key.label} is given to both ${earlier.member} and ${member}: a badge belongs to one member`, 'invalid');
    if (earlier === undefined) roster?.claims.set(key.claim, { member, exact, unchanged });
    if (unchanged) continue;
    const other = otherHolder(db, key, member, roster?.ownSpace ?? '');
    if (other?.sameBadge)
      throw new KioskError(
        `badge ${key.label} already belongs to member ${other.holder.member} of space ${other.holder.space}: a badge belongs to one member`,
        'refused',
      );
    if (other && key.kind === 'barcode')
      throw new KioskError(
        `badge ${key.label} is the barcode of member ${other.holder.member} of space ${other.holder.space} as a kiosk finds a typed one, without regard to case, spaces, dashes, dots and underscores: a badge belongs to one member`,
        'refused',
      );
    if (other)
      throw new KioskError(
        `badge ${key.label} could be the card of member ${other.holder.member} of space ${other.holder.space}: a reader giving only the bits both know could not tell them apart`,
        'refused',
      );
  }
}

/** Records the badges `member` now holds, in place of those it held. */
export function setCredentialKeys(db: Db, member: string, credentials: Credentials): void {
  prepared(db, 'DELETE FROM member_credentials WHERE member_id = ?').run(member);
  const insert = prepared(db, 'INSERT INTO member_credentials (kind, value, member_id, bits, low32, low24, folded) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const key of keysOf(credentials)) insert.run(key.kind, key.value, member, key.bits, key.low32, key.low24, key.folded);
}

/** Fills the table from the members already stored (a database made before it existed). */
export function backfillCredentialKeys(db: Db): void {
  for (const row of db.prepare('SELECT id, credentials FROM members').all() as { id: string; credentials: string }[])
    setCredentialKeys(db, row.id, JSON.parse(row.credentials) as Credentials);
}

import type { MemberMatch } from '../core/api/desk.js';
import { readKeys, resolveMatches, type ListCredential, type ReadMatch } from '../core/credential-match.js';
import type { CanonicalCredential } from '../core/credentials.js';
import type { MemberStatus } from '../core/vocabulary.js';
import { mayHoldPartialCredentials } from './list-file.js';
import type { Db } from './open.js';

export interface SpaceRow {
  id: string;
  name: string;
  city: string;
  country: string;
  timezone: string;
  visa: { accepts: boolean; freeDaysPerMonth: number; noticeHours: number; notes: string };
  dayPass: { price: string; currency: string } | null;
}

export interface ListInfo {
  sequence: number | null;
  generatedAt: string | null;
  expiresAt: string | null;
  spaces: number;
  members: number;
  credentials: number;
}

export interface MemberRow {
  id: string;
  spaceId: string;
  name: string;
  email: string;
  status: MemberStatus;
  validUntil: string | null;
}

/** A member ready to install: credentials already canonical and unique across the list. */
export interface InstallableMember extends MemberRow {
  credentials: ListCredential[];
}

interface RawSpace {
  id: string;
  name: string;
  city: string;
  country: string;
  timezone: string;
  accepts_visitors: number;
  free_days_per_month: number;
  notice_hours: number;
  notes: string;
  day_pass_price: string | null;
  day_pass_currency: string | null;
}

function toSpace(row: RawSpace): SpaceRow {
  return {
    id: row.id,
    name: row.name,
    city: row.city,
    country: row.country,
    timezone: row.timezone,
    visa: { accepts: row.accepts_visitors === 1, freeDaysPerMonth: row.free_days_per_month, noticeHours: row.notice_hours, notes: row.notes },
    dayPass: row.day_pass_price && row.day_pass_currency ? { price: row.day_pass_price, currency: row.day_pass_currency } : null,
  };
}

/** A search result, with the end date its status today depends on. */
export type SearchedMember = MemberMatch & { validUntil: string | null };

const MEMBER_COLUMNS = 'id, space_id AS spaceId, name, email, status, valid_until AS validUntil';

/** Reads the attached list file (db/list-file.ts); only a registry's checked deltas write it in place (service/alliance/delta-apply.ts). */
export function visaList(db: Db) {
  const spaceById = db.prepare('SELECT * FROM spaces WHERE id = ?');
  const memberById = db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE id = ?`);
  // One indexed SELECT per tap: each branch is an index lookup (core/credential-match.ts says
  // which key finds which list entries); UNION gives each member once.
  const membersByRfid = db.prepare(
    `SELECT ${MEMBER_COLUMNS}, 0 AS exact FROM members WHERE id IN (
       SELECT member_id FROM credentials WHERE kind = 'rfid' AND value = @exact
       UNION SELECT member_id FROM credentials WHERE low32 = @low32
       UNION SELECT member_id FROM credentials WHERE low32 = @partial32 AND bits = 32
       UNION SELECT member_id FROM credentials WHERE low24 = @low24
       UNION SELECT member_id FROM credentials WHERE low24 = @partial24 AND bits = 24
       LIMIT @limit)`,
  );
  // A whole UID in a list with no partial entries: one index lookup, the same card cannot be listed twice.
  const memberByUid = db.prepare(
    `SELECT ${MEMBER_COLUMNS}, 0 AS exact FROM members WHERE id IN (SELECT member_id FROM credentials WHERE kind = 'rfid' AND value = ?)`,
  );
  const partialEntries = mayHoldPartialCredentials(db);
  const membersByBarcode = db.prepare(
    `SELECT ${MEMBER_COLUMNS.replace(/(^|, )/g, '$1m.')}, max(c.value = @exact) AS exact FROM credentials c JOIN members m ON m.id = c.member_id
     WHERE c.folded = @folded GROUP BY m.id ORDER BY exact DESC LIMIT @limit`,
  );
  const holders = (read: CanonicalCredential, limit: number) => {
    const keys = readKeys(read);
    const rows = (
      keys.kind === 'rfid'
        ? keys.exact !== null && !partialEntries
          ? memberByUid.all(keys.exact)
          : membersByRfid.all({ exact: keys.exact, low32: keys.low32, partial32: keys.partial32, low24: keys.low24, partial24: keys.partial24, limit })
        : membersByBarcode.all({ exact: keys.exact, folded: keys.folded, limit })
    ) as (MemberRow & { exact: number })[];
    return rows.map(({ exact, ...member }) => ({ member, exact: exact === 1 }));
  };
  const search = db.prepare(
    `SELECT m.id, m.name, m.email, m.space_id AS space, s.name AS spaceName, m.status, m.valid_until AS validUntil FROM members m LEFT JOIN spaces s ON s.id = m.space_id
     WHERE m.name LIKE @like ESCAPE '\\' OR m.email LIKE @like ESCAPE '\\' OR m.id = @exact OR s.name LIKE @like ESCAPE '\\'
     ORDER BY m.name LIMIT @limit`,
  );
  // Every column: a list file built before expires_at existed has none, and reads as null.
  const info = db.prepare('SELECT * FROM list_info WHERE id = 1');

  // Read once per reader: the store makes a new reader whenever the list's sequence moves (a new file, or deltas applied in place).
  const spaces = new Map<string, SpaceRow | null>();

  return {
    space(id: string): SpaceRow | null {
      let space = spaces.get(id);
      if (space === undefined) {
        const row = spaceById.get(id) as RawSpace | undefined;
        space = row ? toSpace(row) : null;
        spaces.set(id, space);
      }
      return space;
    },
    member(id: string): MemberRow | null {
      return (memberById.get(id) as MemberRow | undefined) ?? null;
    },
    /** Who a read names: one member, nobody, or more than one (then the kiosk names nobody). */
    matchRead(read: CanonicalCredential): ReadMatch<MemberRow> {
      // Two are enough to know a read is ambiguous; a barcode's exact holder sorts first.
      return resolveMatches(holders(read, 2));
    },
    /** Every member a read fits, for staff to pick from. */
    holders(read: CanonicalCredential, limit: number): MemberRow[] {
      return holders(read, limit).map((h) => h.member);
    },
    /** Members whose name, email or space contains the words, or whose id is exactly the query: for check-in by hand. */
    search(query: string, limit: number): SearchedMember[] {
      const like = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return search.all({ like, exact: query, limit }) as SearchedMember[];
    },
    /** What the attached list file holds, counted when it was built. */
    info(): ListInfo {
      const row = info.get() as Record<string, unknown>;
      return {
        sequence: row.sequence as number | null,
        generatedAt: row.generated_at as string | null,
        expiresAt: (row.expires_at as string | null | undefined) ?? null,
        spaces: row.spaces as number,
        members: row.members as number,
        credentials: row.credentials as number,
      };
    },
  };
}
export type VisaList = ReturnType<typeof visaList>;

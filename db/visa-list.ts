import type { FeedSpace } from '../core/feed.js';
import { low32 } from '../core/credentials.js';
import type { CredentialKind, MemberStatus } from '../core/vocabulary.js';
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
  credentials: { kind: CredentialKind; value: string }[];
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

const MEMBER_COLUMNS = 'id, space_id AS spaceId, name, email, status, valid_until AS validUntil';

export function visaList(db: Db) {
  const spaceById = db.prepare('SELECT * FROM spaces WHERE id = ?');
  const memberById = db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE id = ?`);
  const memberByCredential = db.prepare(
    `SELECT ${MEMBER_COLUMNS} FROM members WHERE id = (SELECT member_id FROM credentials WHERE kind = ? AND value = ?)`,
  );
  // LIMIT 2: a low-32-bit read that fits two UIDs names nobody.
  const membersByLow32 = db.prepare(
    `SELECT ${MEMBER_COLUMNS} FROM members WHERE id IN (SELECT member_id FROM credentials WHERE low32 = ? LIMIT 2)`,
  );
  const counts = db.prepare(
    'SELECT (SELECT count(*) FROM spaces) AS spaces, (SELECT count(*) FROM members) AS members, (SELECT count(*) FROM credentials) AS credentials',
  );

  return {
    space(id: string): SpaceRow | null {
      const row = spaceById.get(id) as RawSpace | undefined;
      return row ? toSpace(row) : null;
    },
    member(id: string): MemberRow | null {
      return (memberById.get(id) as MemberRow | undefined) ?? null;
    },
    memberByCredential(kind: CredentialKind, value: string, match: 'exact' | 'low32' = 'exact'): MemberRow | null {
      if (match === 'exact') return (memberByCredential.get(kind, value) as MemberRow | undefined) ?? null;
      const rows = membersByLow32.all(value) as MemberRow[];
      return rows.length === 1 ? rows[0]! : null;
    },
    counts(): { spaces: number; members: number; credentials: number } {
      return counts.get() as { spaces: number; members: number; credentials: number };
    },
    /** Replaces the whole list. Call inside a transaction: a failure must leave the old list whole. */
    replace(spaces: readonly FeedSpace[], members: Iterable<InstallableMember>): void {
      db.exec('DELETE FROM credentials; DELETE FROM members; DELETE FROM spaces;');
      const insertSpace = db.prepare(
        `INSERT INTO spaces (id, name, city, country, timezone, accepts_visitors, free_days_per_month, notice_hours, notes, day_pass_price, day_pass_currency)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const insertMember = db.prepare('INSERT INTO members (id, space_id, name, email, status, valid_until) VALUES (?, ?, ?, ?, ?, ?)');
      const insertCredential = db.prepare('INSERT INTO credentials (kind, value, member_id, low32) VALUES (?, ?, ?, ?)');
      for (const s of spaces) {
        insertSpace.run(s.id, s.name, s.city, s.country, s.timezone, s.visa.accepts ? 1 : 0, s.visa.freeDaysPerMonth, s.visa.noticeHours, s.visa.notes, s.dayPass?.price ?? null, s.dayPass?.currency ?? null);
      }
      for (const m of members) {
        insertMember.run(m.id, m.spaceId, m.name, m.email, m.status, m.validUntil);
        for (const c of m.credentials) insertCredential.run(c.kind, c.value, m.id, c.kind === 'rfid' ? low32(c.value) : null);
      }
    },
  };
}
export type VisaList = ReturnType<typeof visaList>;

import crypto from 'node:crypto';
import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/write-tx.js';

/** Visits announced by members to a host space; the host's kiosks read them by `seq`. */

export interface Announcement {
  id: string;
  host: string;
  memberId: string;
  memberSpace: string;
  name: string;
  date: string;
  announcedAt: string;
  cancelled: boolean;
}

interface Row {
  id: string;
  host_space: string;
  member_id: string;
  member_space: string;
  name: string;
  date: string;
  announced_at: string;
  cancelled_at: string | null;
  seq: number;
}

const fromRow = (row: Row): Announcement => ({
  id: row.id,
  host: row.host_space,
  memberId: row.member_id,
  memberSpace: row.member_space,
  name: row.name,
  date: row.date,
  announcedAt: row.announced_at,
  cancelled: row.cancelled_at !== null,
});

/** A member may have this many visits announced ahead at once. */
export const MAX_OPEN_ANNOUNCEMENTS = 60;

const nextSeq = (db: Db) => db.prepare('SELECT coalesce(max(seq), 0) + 1 FROM announcements').pluck().get() as number;

export type Announced = { ok: true; announcement: Announcement; repeated: boolean } | { ok: false; problem: 'too_many' };

/**
 * Records an announcement. The same member, host and date again is the same announcement (a
 * cancelled one comes back), so a member who submits twice gets one visit, not two.
 */
export function announce(db: Db, visit: Omit<Announcement, 'id' | 'cancelled' | 'announcedAt'>, now: Date): Announced {
  return writeTx(db, 'the announcement', () => {
    const existing = db
      .prepare('SELECT * FROM announcements WHERE host_space = ? AND member_id = ? AND date = ?')
      .get(visit.host, visit.memberId, visit.date) as Row | undefined;
    if (existing && existing.cancelled_at === null) return { ok: true, announcement: fromRow(existing), repeated: true };
    const open = db
      .prepare('SELECT count(*) FROM announcements WHERE member_id = ? AND cancelled_at IS NULL AND date >= ?')
      .pluck()
      .get(visit.memberId, now.toISOString().slice(0, 10)) as number;
    if (open >= MAX_OPEN_ANNOUNCEMENTS) return { ok: false, problem: 'too_many' };
    const at = now.toISOString();
    if (existing) {
      db.prepare('UPDATE announcements SET cancelled_at = NULL, announced_at = ?, name = ?, seq = ? WHERE id = ?').run(
        at,
        visit.name,
        nextSeq(db),
        existing.id,
      );
      return { ok: true, announcement: fromRow({ ...existing, cancelled_at: null, announced_at: at, name: visit.name }), repeated: false };
    }
    const row: Row = {
      id: crypto.randomUUID(),
      host_space: visit.host,
      member_id: visit.memberId,
      member_space: visit.memberSpace,
      name: visit.name,
      date: visit.date,
      announced_at: at,
      cancelled_at: null,
      seq: nextSeq(db),
    };
    db.prepare(
      'INSERT INTO announcements (id, host_space, member_id, member_space, name, date, announced_at, cancelled_at, seq) VALUES (@id, @host_space, @member_id, @member_space, @name, @date, @announced_at, @cancelled_at, @seq)',
    ).run(row);
    return { ok: true, announcement: fromRow(row), repeated: false };
  });
}

/** Cancels a member's own announcement, answering it as cancelled; null when there is no such open announcement of theirs. */
export function cancelAnnouncement(db: Db, id: string, memberId: string, now: Date): Announcement | null {
  return writeTx(db, 'the cancellation', () => {
    const row = db
      .prepare('UPDATE announcements SET cancelled_at = ?, seq = ? WHERE id = ? AND member_id = ? AND cancelled_at IS NULL RETURNING *')
      .get(now.toISOString(), nextSeq(db), id, memberId) as Row | undefined;
    return row ? fromRow(row) : null;
  });
}

/**
 * What changed for a host since `since` (the last `seq` its kiosk saw), oldest first. From 0, only
 * visits from yesterday on: a new kiosk needs no history.
 */
export function announcementsSince(db: Db, host: string, since: number, today: string, limit = 1000): { cursor: number; announcements: Announcement[] } {
  const rows = db
    .prepare(`SELECT * FROM announcements WHERE host_space = ? AND seq > ? ${since === 0 ? 'AND date >= ?' : ''} ORDER BY seq LIMIT ?`)
    .all(...(since === 0 ? [host, since, yesterday(today), limit] : [host, since, limit])) as Row[];
  return { cursor: rows.length > 0 ? rows[rows.length - 1]!.seq : since, announcements: rows.map(fromRow) };
}

/** The member's open announcement of a visit to a host on a day, if there is one. */
export function openAnnouncement(db: Db, visit: { host: string; memberId: string; date: string }): Announcement | null {
  const row = db
    .prepare('SELECT * FROM announcements WHERE host_space = ? AND member_id = ? AND date = ? AND cancelled_at IS NULL')
    .get(visit.host, visit.memberId, visit.date) as Row | undefined;
  return row ? fromRow(row) : null;
}

/** The member's own open announcement with this id, if there is one. */
export function memberAnnouncement(db: Db, id: string, memberId: string): Announcement | null {
  const row = db.prepare('SELECT * FROM announcements WHERE id = ? AND member_id = ? AND cancelled_at IS NULL').get(id, memberId) as Row | undefined;
  return row ? fromRow(row) : null;
}

/** A member's own open announcements from `today` on, soonest first. */
export function memberAnnouncements(db: Db, memberId: string, today: string): Announcement[] {
  return (
    db.prepare('SELECT * FROM announcements WHERE member_id = ? AND cancelled_at IS NULL AND date >= ? ORDER BY date, host_space').all(memberId, today) as Row[]
  ).map(fromRow);
}

function yesterday(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

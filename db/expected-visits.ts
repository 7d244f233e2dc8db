import type { Db } from './open.js';

/** An expected visit as staff see it: who registered it is told by `registered_by` (staff) or `registry_id` (the member). */
export interface ExpectedRow {
  memberId: string;
  localDate: string;
  registeredAt: string;
  staffName: string | null;
  announcedByMember: boolean;
}

/** Visits announced in advance, for spaces whose terms ask for notice. */
export function expectedVisits(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO expected_visits (member_id, local_date, registered_at, registered_by) VALUES (?, ?, ?, ?)
     ON CONFLICT (member_id, local_date) DO NOTHING`,
  );
  const registeredAt = db.prepare('SELECT registered_at AS at FROM expected_visits WHERE member_id = ? AND local_date = ?');
  const onDate = db.prepare(
    `SELECT e.member_id AS memberId, e.local_date AS localDate, e.registered_at AS registeredAt, s.name AS staffName,
       e.registry_id IS NOT NULL AS announcedByMember
     FROM expected_visits e LEFT JOIN staff s ON s.id = e.registered_by WHERE e.local_date = ? ORDER BY e.registered_at, e.member_id`,
  );
  const remove = db.prepare('DELETE FROM expected_visits WHERE member_id = ? AND local_date = ?');
  return {
    /** Registers the visit; announcing the same day again keeps the first (earliest) notice. */
    register(memberId: string, localDate: string, at: string, staffId: number | null = null): void {
      upsert.run(memberId, localDate, at, staffId);
    },
    registeredAt(memberId: string, localDate: string): string | null {
      return (registeredAt.get(memberId, localDate) as { at: string } | undefined)?.at ?? null;
    },
    onDate(localDate: string): ExpectedRow[] {
      return (onDate.all(localDate) as (Omit<ExpectedRow, 'announcedByMember'> & { announcedByMember: number })[]).map((row) => ({
        ...row,
        announcedByMember: row.announcedByMember === 1,
      }));
    },
    /** False when nobody was expected that day. */
    remove(memberId: string, localDate: string): boolean {
      return remove.run(memberId, localDate).changes === 1;
    },
  };
}

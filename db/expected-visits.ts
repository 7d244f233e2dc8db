import type { Db } from './open.js';

/** Visits announced in advance, for spaces whose terms ask for notice. */
export function expectedVisits(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO expected_visits (member_id, local_date, registered_at) VALUES (?, ?, ?)
     ON CONFLICT (member_id, local_date) DO NOTHING`,
  );
  const registeredAt = db.prepare('SELECT registered_at AS at FROM expected_visits WHERE member_id = ? AND local_date = ?');
  return {
    /** Registers the visit; announcing the same day again keeps the first (earliest) notice. */
    register(memberId: string, localDate: string, at: string): void {
      upsert.run(memberId, localDate, at);
    },
    registeredAt(memberId: string, localDate: string): string | null {
      return (registeredAt.get(memberId, localDate) as { at: string } | undefined)?.at ?? null;
    },
  };
}

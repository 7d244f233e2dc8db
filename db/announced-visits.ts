import type { Db } from './open.js';

/** A visit a member announced at the alliance registry, as the registry's host feed gives it. */
export interface AnnouncedVisit {
  id: string;
  memberId: string;
  date: string;
  announcedAt: string;
  cancelled: boolean;
}

/**
 * Announcements from the registry kept as expected visits. An announcement for a day staff already
 * registered keeps the earlier notice; a member's cancellation removes only what the member
 * announced, never staff's own entry.
 */
export function announcedVisits(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO expected_visits (member_id, local_date, registered_at, registry_id) VALUES (@memberId, @date, @announcedAt, @id)
     ON CONFLICT (member_id, local_date) DO UPDATE SET registry_id = excluded.registry_id, registered_at = min(registered_at, excluded.registered_at)`,
  );
  const removeMembers = db.prepare('DELETE FROM expected_visits WHERE registry_id = ? AND registered_by IS NULL');
  const detach = db.prepare('UPDATE expected_visits SET registry_id = NULL WHERE registry_id = ?');
  const cursor = db.prepare('SELECT announcements_cursor FROM alliance WHERE id = 1').pluck();
  const setCursor = db.prepare('UPDATE alliance SET announcements_cursor = ? WHERE id = 1');
  return {
    cursor: (): number => (cursor.get() as number | undefined) ?? 0,
    /** Applies one page of the registry's changes and moves the cursor past them; call inside a transaction. */
    apply(visits: AnnouncedVisit[], next: number): void {
      for (const visit of visits) {
        if (visit.cancelled) {
          removeMembers.run(visit.id);
          detach.run(visit.id);
        } else upsert.run(visit);
      }
      setCursor.run(next);
    },
  };
}

import type { Db } from './open.js';

export interface NewGuest {
  name: string;
  email: string | null;
  company: string | null;
  visiting: string | null;
  createdAt: string;
}

export function guests(db: Db) {
  const insert = db.prepare('INSERT INTO guests (name, email, company, visiting, created_at) VALUES (@name, @email, @company, @visiting, @createdAt)');
  const eraseGuests = db.prepare(
    'UPDATE guests SET name = NULL, email = NULL, company = NULL, visiting = NULL, erased_at = @at WHERE id IN (SELECT value FROM json_each(@ids))',
  );
  const eraseVisitNames = db.prepare('UPDATE visits SET member_name = NULL WHERE guest_id IN (SELECT value FROM json_each(@ids)) AND member_id IS NULL');
  // A notice to the front desk (a day pass sold) names the guest too.
  const eraseNotices = db.prepare('DELETE FROM outbox WHERE visit_id IN (SELECT id FROM visits WHERE guest_id IN (SELECT value FROM json_each(@ids)))');
  const byEmail = db.prepare('SELECT id FROM guests WHERE lower(email) = lower(?) AND erased_at IS NULL');
  const olderThan = db.prepare('SELECT id FROM guests WHERE created_at < ? AND erased_at IS NULL');

  /** Names, emails and companies go, and the desk's notices that name them; the visit rows and their counts stay, anonymous. */
  const erase = (ids: number[], at: string): number => {
    if (ids.length === 0) return 0;
    const list = JSON.stringify(ids);
    eraseVisitNames.run({ ids: list });
    eraseNotices.run({ ids: list });
    return eraseGuests.run({ ids: list, at }).changes;
  };

  return {
    add(guest: NewGuest): number {
      return Number(insert.run(guest).lastInsertRowid);
    },
    /** "Erase this person": every guest record with this email. Returns how many. */
    eraseByEmail(email: string, at: string): number {
      return erase(byEmail.pluck().all(email) as number[], at);
    },
    /** The retention rule: guests recorded before `cutoff` (ISO time) are erased. */
    eraseOlderThan(cutoff: string, at: string): number {
      return erase(olderThan.pluck().all(cutoff) as number[], at);
    },
  };
}

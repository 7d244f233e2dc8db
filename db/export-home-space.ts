import { noVisitsFromSpace } from '../core/export-space-words.js';
import type { Db } from './open.js';

/**
 * When a job asks for one home space and no visit in its range has it (a typo, "cedar" for
 * cedar-commons, or nobody from there), why its export is empty, naming a few ids the range does
 * have; null when the space is found or none was asked for.
 */
export function homeSpaceNotFound(db: Db, job: { from: string; to: string; space?: string | undefined }): string | null {
  if (job.space === undefined || listHasSpace(db, job.space)) return null;
  // Only an id the list does not know reads the log: on the kiosk's thread, and a range may be long.
  const range = { from: job.from, to: job.to };
  if (db.prepare('SELECT 1 FROM visits WHERE local_date BETWEEN @from AND @to AND home_space_id = @space LIMIT 1').get({ ...range, space: job.space }))
    return null;
  const seen = db
    .prepare('SELECT DISTINCT home_space_id FROM visits WHERE local_date BETWEEN @from AND @to AND home_space_id IS NOT NULL ORDER BY 1 LIMIT 5')
    .pluck()
    .all(range) as string[];
  return noVisitsFromSpace(job.space, seen, job.from, job.to);
}

/** Whether the visa list attached to `db` names the space; a connection without one (a read-only copy) knows none. */
function listHasSpace(db: Db, id: string): boolean {
  try {
    return db.prepare('SELECT 1 FROM list.spaces WHERE id = ?').get(id) !== undefined;
  } catch {
    return false;
  }
}

import { KioskError } from '../../core/errors.js';
import type { Db } from '../../db/open.js';
import { StoreRefusal } from './refusal.js';

/** The space a write is for, refused when the alliance has no such space (or it was removed). */
export function writableSpace(db: Db, space: string): void {
  const state = db.prepare('SELECT state FROM spaces WHERE id = ?').pluck().get(space) as string | undefined;
  if (state === undefined || state === 'removed') throw new StoreRefusal(`there is no space ${space} in this alliance`, 'not_found', 'unknown_space');
}

/** The one sentence a write to another space's member gets. */
export function notYours(member: string, owner: string, space: string): KioskError {
  return new StoreRefusal(`member ${member} belongs to space ${owner}: space ${space} can change only its own members and terms`, 'forbidden', 'other_space');
}

/** The one sentence a write to another space's path gets: `who` is the kiosk or API token asking. */
export const ownSpaceOnly = (who: 'kiosk' | 'API token', space: string): string =>
  `this ${who} belongs to ${space}: it can change only ${space}'s members and terms`;

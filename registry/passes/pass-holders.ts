import type { Db } from '../../db/open.js';
import type { PassHolder } from './issue-pass.js';

export interface ListedHolder extends PassHolder {
  email: string;
}

interface Row {
  id: string;
  name: string;
  email: string;
  status: string;
  valid_until: string | null;
}

const fromRow = (row: Row): ListedHolder => ({ id: row.id, name: row.name, email: row.email, status: row.status, validUntil: row.valid_until });

/** One member of a space, as a pass is issued from. */
export function passHolder(db: Db, spaceId: string, memberId: string): ListedHolder | null {
  const row = db.prepare('SELECT id, name, email, status, valid_until FROM members WHERE id = ? AND space_id = ?').get(memberId, spaceId) as Row | undefined;
  return row ? fromRow(row) : null;
}

/** Every member of a space, by id: the mail merge's rows. */
export function passHolders(db: Db, spaceId: string): ListedHolder[] {
  return (db.prepare('SELECT id, name, email, status, valid_until FROM members WHERE space_id = ? ORDER BY id').all(spaceId) as Row[]).map(fromRow);
}

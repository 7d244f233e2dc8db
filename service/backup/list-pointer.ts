import type { Db } from '../../db/open.js';
import { syncState } from '../../db/sync-state.js';

/**
 * The visa list a kiosk database uses is a file beside it, named in sync_state.list_file
 * (schema 2 on; db/list-file.ts). A copy of the database taken elsewhere must be pointed at its
 * own copy of that file, or told it has none.
 */

const hasListFile = (db: Db) => (db.pragma('user_version', { simple: true }) as number) >= 2;

export function listPointer(db: Db): string | null {
  if (!hasListFile(db)) return null;
  const row = db.prepare('SELECT list_file AS listFile FROM sync_state WHERE id = 1').get() as { listFile: string | null } | undefined;
  return row?.listFile ?? null;
}

export function pointList(db: Db, name: string): void {
  syncState(db).pointTo(name);
}

/**
 * The copy comes without a usable list: it starts empty (ListStore makes one) and says why,
 * and its validators go, so the next sync downloads the whole feed instead of hearing "unchanged".
 */
export function forgetList(db: Db, why: string): void {
  if (hasListFile(db)) syncState(db).lost(null, why);
}

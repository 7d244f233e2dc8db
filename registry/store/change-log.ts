import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open.js';

/** Who made a change: the coordinator, a kiosk or a space's API token. */
export type Actor = 'coordinator' | `kiosk:${string}` | `token:${string}`;

export interface ChangeEntry {
  actor: Actor;
  space: string | null;
  kind: string;
  /** What a publication's delta must carry for it: a member or a space (null: nothing, e.g. a roster's summary line). */
  targetKind: 'member' | 'space' | null;
  target: string | null;
  summary: string;
}

// A roster logs one row per member changed: prepared once per connection.
const inserts = new WeakMap<Db, Statement>();
function insertStatement(db: Db): Statement {
  let statement = inserts.get(db);
  if (!statement) {
    statement = db.prepare('INSERT INTO changes (at, actor, space_id, kind, target_kind, target, summary) VALUES (?, ?, ?, ?, ?, ?, ?)');
    inserts.set(db, statement);
  }
  return statement;
}

/**
 * Appends one row to the change log and returns its id. Called inside the write's own transaction,
 * so a change is logged exactly when it is made.
 */
export function appendChange(db: Db, entry: ChangeEntry, at = new Date()): number {
  const info = insertStatement(db).run(at.toISOString(), entry.actor, entry.space, entry.kind, entry.targetKind, entry.target, entry.summary);
  return Number(info.lastInsertRowid);
}

/** The newest change not yet carried by a publication, or null when every change is published. */
export function lastUnpublishedChange(db: Db): number | null {
  return (db.prepare('SELECT max(id) FROM changes WHERE published_in IS NULL').pluck().get() as number | null) ?? null;
}

/** The sequence that first carried a change; null while it waits, undefined for no such change. */
export function publishedIn(db: Db, changeId: number): number | null | undefined {
  const row = db.prepare('SELECT published_in FROM changes WHERE id = ?').get(changeId) as { published_in: number | null } | undefined;
  return row?.published_in;
}

/** Marks every change up to `upTo` that no publication carried yet as carried by `sequence`. */
export function markPublished(db: Db, upTo: number, sequence: number): number {
  return db.prepare('UPDATE changes SET published_in = ? WHERE published_in IS NULL AND id <= ?').run(sequence, upTo).changes;
}

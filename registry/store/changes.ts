import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open.js';

export type ChangeKind =
  | 'member_added'
  | 'member_changed'
  | 'member_removed'
  | 'roster_replaced'
  | 'terms_set'
  | 'space_added'
  | 'space_suspended'
  | 'space_resumed'
  | 'space_removed'
  | 'kiosk_enrolled'
  | 'kiosk_revoked'
  | 'token_created'
  | 'token_revoked'
  | 'key_rotated';

/** Who made a change: the coordinator, a kiosk or an API token, as the log writes it. */
export type Actor = 'coordinator' | `kiosk:${string}` | `token:${string}`;

export interface Change {
  actor: Actor;
  space: string | null;
  kind: ChangeKind;
  /** The space or member a publication must carry; none for changes that publish nothing (a token made). */
  target?: { kind: 'member' | 'space'; id: string };
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
 * Appends to the change log and returns the row's id; call inside the transaction that makes the
 * change, so neither exists without the other.
 */
export function recordChange(db: Db, change: Change, now = new Date()): number {
  const info = insertStatement(db).run(
    now.toISOString(),
    change.actor,
    change.space,
    change.kind,
    change.target?.kind ?? null,
    change.target?.id ?? null,
    change.summary,
  );
  return Number(info.lastInsertRowid);
}

/**
 * The kinds of change that alter what kiosks receive. Only these make a new publication; the
 * others (a kiosk enrolled, a token made, a space suspended: its members stay in the list) are
 * carried along by the next one, so kiosks are not sent an empty delta for them. A key rotation
 * publishes at once, so kiosks behind meet the new key on a manifest it signed.
 */
const FEED_KINDS: readonly ChangeKind[] = ['member_added', 'member_changed', 'member_removed', 'terms_set', 'space_added', 'space_removed', 'key_rotated'];
export const FEED_CHANGE = `kind IN (${FEED_KINDS.map((k) => `'${k}'`).join(', ')})`;

/** The newest change that alters the feed and no publication carries yet, or null when there is none to publish. */
export function lastUnpublishedChange(db: Db): number | null {
  return (db.prepare(`SELECT max(id) FROM changes WHERE published_in IS NULL AND ${FEED_CHANGE}`).pluck().get() as number | null) ?? null;
}

/**
 * Whether change `changeId` waits for a publication: some change up to it that alters the feed
 * is unpublished. A roster's summary line waits for its members' changes, logged just before it.
 */
export function awaitsPublication(db: Db, changeId: number): boolean {
  return db.prepare(`SELECT 1 FROM changes WHERE published_in IS NULL AND id <= ? AND ${FEED_CHANGE} LIMIT 1`).get(changeId) !== undefined;
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

export interface LoggedChange {
  id: number;
  at: string;
  actor: string;
  space: string | null;
  kind: string;
  targetKind: 'member' | 'space' | null;
  target: string | null;
  summary: string;
  publishedIn: number | null;
}

/** The newest changes first, `limit` of them, before change `before` when given (for paging). */
export function listChanges(db: Db, options: { limit: number; before?: number }): LoggedChange[] {
  return db
    .prepare(
      `SELECT id, at, actor, space_id AS space, kind, target_kind AS targetKind, target, summary, published_in AS publishedIn FROM changes
       WHERE id < ? ORDER BY id DESC LIMIT ?`,
    )
    .all(options.before ?? Number.MAX_SAFE_INTEGER, options.limit) as LoggedChange[];
}

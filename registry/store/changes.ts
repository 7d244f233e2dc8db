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

/** Appends to the change log; call inside the transaction that makes the change, so neither exists without the other. */
export function recordChange(db: Db, change: Change, now = new Date()): void {
  db.prepare('INSERT INTO changes (at, actor, space_id, kind, target_kind, target, summary) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    now.toISOString(),
    change.actor,
    change.space,
    change.kind,
    change.target?.kind ?? null,
    change.target?.id ?? null,
    change.summary,
  );
}

export interface LoggedChange {
  id: number;
  at: string;
  actor: string;
  space: string | null;
  kind: string;
  target: string | null;
  summary: string;
  publishedIn: number | null;
}

/** The newest changes first, `limit` of them, before change `before` when given (for paging). */
export function listChanges(db: Db, options: { limit: number; before?: number }): LoggedChange[] {
  return db
    .prepare(
      `SELECT id, at, actor, space_id AS space, kind, target, summary, published_in AS publishedIn FROM changes
       WHERE id < ? ORDER BY id DESC LIMIT ?`,
    )
    .all(options.before ?? Number.MAX_SAFE_INTEGER, options.limit) as LoggedChange[];
}

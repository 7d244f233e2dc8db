import crypto from 'node:crypto';
import type { OpenCall, WebhookFailure, WebhookState } from '../core/api/desk-calls.js';
import type { DeskNotice, NoticeFacts } from '../core/desk-notice.js';
import type { Db } from './open.js';

interface NoticeRow {
  notice: string;
}

interface CallRow {
  notice: string;
  heard_at: string | null;
  delivered_at: string | null;
}

/**
 * The front desk's outbox: each notice is a row written in the transaction of what it reports,
 * kept until the webhook took it (for_webhook) and, for a call, until staff dismissed it.
 */
export function outbox(db: Db) {
  const insert = db.prepare('INSERT INTO outbox (id, at, kind, notice, visit_id, for_webhook) VALUES (@id, @at, @kind, @notice, @visitId, @forWebhook)');
  // A visitor waits for a call to be taken: calls go ahead of the other notices.
  const oldestWaiting = db.prepare("SELECT notice FROM outbox WHERE for_webhook = 1 AND delivered_at IS NULL ORDER BY kind <> 'staff_call', at, rowid LIMIT 1");
  const delivered = db.prepare('UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL');
  const failed = db.prepare('UPDATE outbox SET attempts = attempts + 1, failure = ?, failed_at = ? WHERE id = ?');
  const waiting = db.prepare(
    `SELECT count(*) AS waiting,
       (SELECT failure FROM outbox WHERE for_webhook = 1 AND delivered_at IS NULL AND failed_at IS NOT NULL ORDER BY failed_at DESC LIMIT 1) AS failure,
       max(failed_at) AS failedAt
     FROM outbox WHERE for_webhook = 1 AND delivered_at IS NULL`,
  );
  const openCalls = db.prepare("SELECT notice, heard_at, delivered_at FROM outbox WHERE kind = 'staff_call' AND dismissed_at IS NULL ORDER BY at, rowid");
  const heard = db.prepare("UPDATE outbox SET heard_at = ? WHERE id = ? AND kind = 'staff_call' AND heard_at IS NULL");
  const call = db.prepare("SELECT notice, heard_at, delivered_at, dismissed_at FROM outbox WHERE id = ? AND kind = 'staff_call'");
  const dismiss = db.prepare("UPDATE outbox SET dismissed_at = ?, dismissed_by = ? WHERE id = ? AND kind = 'staff_call' AND dismissed_at IS NULL");
  const forget = db.prepare(
    `DELETE FROM outbox WHERE at < ? AND (for_webhook = 0 OR delivered_at IS NOT NULL) AND (kind <> 'staff_call' OR dismissed_at IS NOT NULL)`,
  );

  const toCall = (row: CallRow): OpenCall => {
    const notice = JSON.parse(row.notice) as DeskNotice & { kind: 'staff_call' };
    return {
      id: notice.id,
      at: notice.at,
      name: notice.name,
      credential: notice.credential as OpenCall['credential'],
      heardAt: row.heard_at,
      deliveredAt: row.delivered_at,
    };
  };

  return {
    /** Writes a notice; call inside the transaction of what it reports, so both land or neither. */
    add(facts: NoticeFacts, at: string, space: DeskNotice['space'], forWebhook: boolean): DeskNotice {
      const notice = { ...facts, id: crypto.randomUUID(), at, space } as DeskNotice;
      insert.run({
        id: notice.id,
        at,
        kind: notice.kind,
        notice: JSON.stringify(notice),
        visitId: 'visitId' in facts ? facts.visitId : null,
        forWebhook: forWebhook ? 1 : 0,
      });
      return notice;
    },
    /** The next notice for the webhook: the oldest call, else the oldest other notice. */
    nextForWebhook(): DeskNotice | null {
      const row = oldestWaiting.get() as NoticeRow | undefined;
      return row ? (JSON.parse(row.notice) as DeskNotice) : null;
    },
    delivered(id: string, at: string): void {
      delivered.run(at, id);
    },
    failed(id: string, failure: WebhookFailure, at: string): void {
      failed.run(JSON.stringify(failure), at, id);
    },
    webhookState(): WebhookState {
      const row = waiting.get() as { waiting: number; failure: string | null; failedAt: string | null };
      return { waiting: row.waiting, failure: row.failure ? (JSON.parse(row.failure) as WebhookFailure) : null, failedAt: row.failure ? row.failedAt : null };
    },
    openCalls(): OpenCall[] {
      return (openCalls.all() as CallRow[]).map(toCall);
    },
    call(id: string): (OpenCall & { dismissedAt: string | null }) | null {
      const row = call.get(id) as (CallRow & { dismissed_at: string | null }) | undefined;
      return row ? { ...toCall(row), dismissedAt: row.dismissed_at } : null;
    },
    /** A staff screen showed the call; only its first showing counts. */
    heard(id: string, at: string): boolean {
      return heard.run(at, id).changes === 1;
    },
    dismiss(id: string, at: string, staffId: number | null): boolean {
      return dismiss.run(at, staffId, id).changes === 1;
    },
    /** Notices older than `before` that nobody waits for any more: delivered, and for a call, dismissed. */
    forget(before: string): number {
      return forget.run(before).changes;
    },
  };
}
export type Outbox = ReturnType<typeof outbox>;

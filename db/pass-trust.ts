import type { Db } from './open.js';

/**
 * What a visa pass is checked against besides the list: members the list removed, and online
 * keys rotated out, each kept for a pass's lifetime (core/pass/pass-verdict.ts).
 */
export function passTrust(db: Db) {
  const removedAt = db.prepare('SELECT removed_at FROM member_tombstones WHERE member_id = ? AND removed_at > ?').pluck();
  const remove = db.prepare('INSERT OR REPLACE INTO member_tombstones (member_id, removed_at) VALUES (?, ?)');
  const forgetRemoved = db.prepare('DELETE FROM member_tombstones WHERE removed_at <= ?');
  const retiredKeys = db.prepare('SELECT public_key AS publicKey, retired_at AS retiredAt FROM retired_online_keys WHERE retired_at > ?');
  const retire = db.prepare('INSERT OR IGNORE INTO retired_online_keys (public_key, retired_at) VALUES (?, ?)');
  const forgetRetired = db.prepare('DELETE FROM retired_online_keys WHERE retired_at <= ?');
  const forgetAllRetired = db.prepare('DELETE FROM retired_online_keys');
  return {
    /** When the member's removal was published, if after `since` (ISO 8601). */
    removedAt(memberId: string, since: string): string | null {
      return (removedAt.get(memberId, since) as string | undefined) ?? null;
    },
    /** Members a publication removed, and tombstones older than `forgetBefore` dropped; inside the caller's transaction. */
    removed(memberIds: Iterable<string>, at: string, forgetBefore: string): void {
      for (const id of memberIds) remove.run(id, at);
      forgetRemoved.run(forgetBefore);
    },
    /** Online keys rotated out after `since`, each with when it was (a pass it signed later is forged). */
    retiredKeys(since: string): { publicKey: string; retiredAt: string }[] {
      return retiredKeys.all(since) as { publicKey: string; retiredAt: string }[];
    },
    retired(publicKey: string, at: string, forgetBefore: string): void {
      retire.run(publicKey, at);
      forgetRetired.run(forgetBefore);
    },
    /** Every retired key forgotten: the alliance that vouched for them is no longer this kiosk's. */
    forgetRetiredKeys(): void {
      forgetAllRetired.run();
    },
  };
}
export type PassTrust = ReturnType<typeof passTrust>;

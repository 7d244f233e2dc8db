import crypto from 'node:crypto';
import type { Db } from './open.js';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: unknown;
  prevHash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

/** The hash of an entry covers its content and the previous entry's hash: a chain. */
function hashOf(entry: Omit<AuditEntry, 'hash' | 'detail'> & { detail: string }): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([entry.id, entry.at, entry.actor, entry.action, entry.detail, entry.prevHash]))
    .digest('hex');
}

/**
 * Every staff and manager action, append-only and tamper-evident: each entry is chained to the
 * previous one by a SHA-256 hash, so an edited, inserted or deleted entry breaks the chain.
 */
export function auditTrail(db: Db) {
  const last = db.prepare('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1');
  const insert = db.prepare('INSERT INTO audit (id, at, actor, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const recent = db.prepare('SELECT id, at, actor, action, detail, prev_hash AS prevHash, hash FROM audit ORDER BY id DESC LIMIT ?');
  const all = db.prepare('SELECT id, at, actor, action, detail, prev_hash AS prevHash, hash FROM audit ORDER BY id');
  type Row = Omit<AuditEntry, 'detail'> & { detail: string };
  return {
    /** Appends an entry; call inside the transaction that makes the change, so both land or neither. */
    append(at: string, actor: string, action: string, detail: unknown): void {
      const previous = last.get() as { id: number; hash: string } | undefined;
      const entry = { id: (previous?.id ?? 0) + 1, at, actor, action, detail: JSON.stringify(detail), prevHash: previous?.hash ?? GENESIS };
      insert.run(entry.id, entry.at, entry.actor, entry.action, entry.detail, entry.prevHash, hashOf(entry));
    },
    recent(limit: number): AuditEntry[] {
      return (recent.all(limit) as Row[]).map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown }));
    },
    /** Walks the chain; the first entry that does not fit names where the trail was tampered with. */
    verify(): { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; problem: string } {
      let previous = GENESIS;
      let expectedId = 1;
      let count = 0;
      for (const row of all.iterate() as IterableIterator<Row>) {
        count++;
        if (row.id !== expectedId) return { ok: false, entries: count, brokenAt: expectedId, problem: `entry ${expectedId} is missing` };
        if (row.prevHash !== previous) return { ok: false, entries: count, brokenAt: row.id, problem: `entry ${row.id} does not follow entry ${row.id - 1}` };
        if (hashOf(row) !== row.hash) return { ok: false, entries: count, brokenAt: row.id, problem: `entry ${row.id} was changed after it was written` };
        previous = row.hash;
        expectedId++;
      }
      return { ok: true, entries: count };
    },
  };
}

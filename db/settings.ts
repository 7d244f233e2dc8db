import type { Db } from './open.js';

/** Raw key/value storage; the keys and their schemas live in core/settings.ts. */
export function settingsTable(db: Db) {
  const get = db.prepare('SELECT value FROM settings WHERE key = ?');
  const set = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const remove = db.prepare('DELETE FROM settings WHERE key = ?');
  const all = db.prepare('SELECT key, value FROM settings ORDER BY key');
  return {
    get(key: string): unknown {
      const row = get.get(key) as { value: string } | undefined;
      return row === undefined ? undefined : JSON.parse(row.value);
    },
    set(key: string, value: unknown): void {
      set.run(key, JSON.stringify(value));
    },
    remove(key: string): void {
      remove.run(key);
    },
    all(): Map<string, unknown> {
      return new Map((all.all() as { key: string; value: string }[]).map((r) => [r.key, JSON.parse(r.value)]));
    },
  };
}

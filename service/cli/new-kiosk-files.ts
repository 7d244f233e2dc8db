import fs from 'node:fs';
import path from 'node:path';
import { badgeKeyFileBeside } from '../staff-badges.js';

/**
 * What opening a database that did not exist makes (the database, its list file, its keys, the
 * folders above it), noted before so that a command that fails can take it away again: a failed
 * `alliance join` with a mistyped --db leaves no kiosk behind. Null when the database exists.
 */
export function newKioskFiles(databaseFile: string): { remove: () => void } | null {
  if (fs.existsSync(databaseFile)) return null;
  const folder = path.dirname(databaseFile);
  let firstMissing: string | null = null;
  for (let dir = folder; !fs.existsSync(dir); dir = path.dirname(dir)) firstMissing = dir;
  const before = new Set(firstMissing ? [] : fs.readdirSync(folder));
  const base = path.basename(databaseFile);
  const badgeKey = path.basename(badgeKeyFileBeside(databaseFile));
  // Only the kiosk's own names: anything else new in the folder is someone else's.
  const ours = (name: string) => name === base || name.startsWith(`${base}-`) || name.startsWith(`${base}.`) || name === badgeKey;
  return {
    remove() {
      const names = fs.existsSync(folder) ? fs.readdirSync(folder) : [];
      for (const name of names) if (!before.has(name) && ours(name)) fs.rmSync(path.join(folder, name), { recursive: true, force: true });
      if (firstMissing === null) return;
      // The folders --db named that did not exist, innermost first, each only when empty.
      for (let dir = folder; dir.startsWith(firstMissing); dir = path.dirname(dir)) {
        if (fs.readdirSync(dir).length > 0) return;
        fs.rmdirSync(dir);
        if (dir === firstMissing) return;
      }
    },
  };
}

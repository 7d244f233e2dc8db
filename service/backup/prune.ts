import fs from 'node:fs';
import path from 'node:path';
import { backupsIn, listFileFor, stemOf } from './names.js';

/** A temporary file this old is left by a backup that was killed, not one still being written. */
const PARTIAL_AGE_MS = 60 * 60_000;

/**
 * Keeps the newest `keep` backups of this database in the folder and removes the rest, each with
 * its list file, and what killed backups left behind. Files of other names are never touched.
 * `made`, the backup just made, is always kept: after a clock set back it is named older than
 * the rest, yet it is the one holding the latest visits.
 */
export function pruneBackups(folder: string, databaseFile: string, keep: number, made?: string, now = Date.now()): string[] {
  const backups = backupsIn(folder, databaseFile).filter((b) => b.file !== made);
  const removed: string[] = [];
  const others = made === undefined ? keep : keep - 1;
  for (const { file } of backups.slice(0, Math.max(0, backups.length - others))) {
    fs.rmSync(file, { force: true });
    fs.rmSync(listFileFor(file), { force: true });
    removed.push(file);
  }
  const prefix = `${stemOf(databaseFile)}-`;
  for (const name of fs.existsSync(folder) ? fs.readdirSync(folder) : []) {
    if (!name.startsWith(prefix) || !name.endsWith('.partial')) continue;
    const file = path.join(folder, name);
    const age = now - (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? now);
    if (age > PARTIAL_AGE_MS) fs.rmSync(file, { force: true });
  }
  return removed;
}

import fs from 'node:fs';
import path from 'node:path';

/**
 * Where backups go and what they are called: `<database>-<UTC time>.db` (colons left out, for
 * Windows), the visa list beside it as `<…>.list.db`. The time in the name orders them.
 */

const DAY_MS = 86_400_000;

/** 2026-11-21T03:00:00.123Z → 2026-11-21T03-00-00Z */
export function fileStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

function parseStamp(stamp: string): Date {
  return new Date(stamp.replace(/T(\d\d)-(\d\d)-(\d\d)Z$/, 'T$1:$2:$3Z'));
}

/** kiosk.db → kiosk */
export function stemOf(databaseFile: string): string {
  return path.parse(databaseFile).name;
}

/** The visa list file that travels with a backup (or a kept database): FILE.db → FILE.list.db. */
export function listFileFor(file: string): string {
  return `${file.replace(/\.db$/i, '')}.list.db`;
}

/** The `backup.folder` setting, relative to the database's folder; unset: `backups` beside the database. */
export function backupFolder(databaseFile: string, setting: string | null | undefined): string {
  return path.resolve(path.dirname(databaseFile), setting ?? 'backups');
}

export interface BackupEntry {
  file: string;
  at: Date;
}

/** This database's backups in a folder, oldest first. */
export function backupsIn(folder: string, databaseFile: string): BackupEntry[] {
  const stem = stemOf(databaseFile).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^${stem}-(\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ)(?:-(\\d+))?\\.db$`);
  const names = fs.existsSync(folder) && fs.statSync(folder).isDirectory() ? fs.readdirSync(folder) : [];
  // By time, then by the -1, -2… of backups made within one second: by name, "Z-1.db" would come before "Z.db".
  const order = (match: RegExpExecArray) => [match[1]!, Number(match[2] ?? 0)] as const;
  return names
    .map((name) => ({ name, match: pattern.exec(name) }))
    .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
    .sort((a, b) => {
      const [stampA, nA] = order(a.match);
      const [stampB, nB] = order(b.match);
      return stampA === stampB ? nA - nB : stampA < stampB ? -1 : 1;
    })
    .map(({ name, match }) => ({ file: path.join(folder, name), at: parseStamp(match[1]!) }));
}

/** A name no backup in the folder has yet: two backups in one second get -1, -2… */
export function nextBackupFile(folder: string, databaseFile: string, at: Date): string {
  const base = path.join(folder, `${stemOf(databaseFile)}-${fileStamp(at)}`);
  for (let n = 0; ; n++) {
    const file = n === 0 ? `${base}.db` : `${base}-${n}.db`;
    if (!fs.existsSync(file) && !fs.existsSync(`${file}.partial`)) return file;
  }
}

/**
 * True when the newest backup is a day old, or there is none. Backups dated after `now` (made
 * before the clock was set back) are not counted: they would put the next one off until the
 * clock caught up with them.
 */
export function backupDue(folder: string, databaseFile: string, now: Date): boolean {
  const newest = backupsIn(folder, databaseFile)
    .filter((b) => b.at.getTime() <= now.getTime())
    .at(-1);
  return !newest || now.getTime() - newest.at.getTime() >= DAY_MS;
}

/** What to run to put the latest backup back, for a message about a damaged database; `found`: there is a backup. */
export function restoreAdvice(databaseFile: string, folder: string): { text: string; found: boolean } {
  const latest = backupsIn(folder, databaseFile).at(-1)?.file;
  return latest
    ? { text: `visa-kiosk restore ${latest} (the latest backup)`, found: true }
    : { text: `visa-kiosk restore BACKUP (no backup was found in ${folder})`, found: false };
}

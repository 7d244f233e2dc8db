import fs from 'node:fs';
import path from 'node:path';
import { backupsIn } from '../backup/names.js';
import { duration, pass, warn, type CheckResult } from './check.js';

/** The running kiosk makes one a day: older than this, it has not been running or backups fail. */
const OVERDUE_MS = 2 * 86_400_000;
/** A clock stepped back by network time by less than this is not worth a warning. */
const AHEAD_MS = 60_000;

export function backupsCheck(folder: string, databaseFile: string, now: Date): CheckResult {
  if (fs.existsSync(folder) && !fs.statSync(folder).isDirectory()) return warn('backups', `${folder} is a file, not a folder: set backup.folder to a folder`);
  const backups = backupsIn(folder, databaseFile);
  if (backups.length === 0) return warn('backups', `none yet in ${folder}: the running kiosk makes one a day, visa-kiosk backup makes one now`);
  const ahead = backups.filter((b) => b.at.getTime() > now.getTime() + AHEAD_MS);
  if (ahead.length > 0) {
    const last = ahead.at(-1)!;
    return warn(
      'backups',
      `${ahead.length} of ${backups.length} in ${folder} are dated after this clock (the latest ${path.basename(last.file)}, ${duration(last.at.getTime() - now.getTime())} ahead): the clock went back; the kiosk keeps making a backup a day, and never removes the one it just made`,
    );
  }
  const newest = backups.at(-1)!;
  const age = now.getTime() - newest.at.getTime();
  const detail = `newest ${duration(age)} old (${path.basename(newest.file)}), ${backups.length} in ${folder}`;
  return age > OVERDUE_MS ? warn('backups', `${detail}: is the kiosk running? see logs/kiosk.log`) : pass('backups', detail);
}

import fs from 'node:fs';
import path from 'node:path';
import { backupsIn } from '../backup/names.js';
import { duration, pass, warn, type CheckResult } from './check.js';

/** The running kiosk makes one a day: older than this, it has not been running or backups fail. */
const OVERDUE_MS = 2 * 86_400_000;

export function backupsCheck(folder: string, databaseFile: string, now: Date): CheckResult {
  if (fs.existsSync(folder) && !fs.statSync(folder).isDirectory()) return warn('backups', `${folder} is a file, not a folder: set backup.folder to a folder`);
  const backups = backupsIn(folder, databaseFile);
  const newest = backups.at(-1);
  if (!newest) return warn('backups', `none yet in ${folder}: the running kiosk makes one a day, visa-kiosk backup makes one now`);
  const age = now.getTime() - newest.at.getTime();
  const detail = `newest ${duration(age)} old (${path.basename(newest.file)}), ${backups.length} in ${folder}`;
  return age > OVERDUE_MS ? warn('backups', `${detail}: is the kiosk running? see logs/kiosk.log`) : pass('backups', detail);
}

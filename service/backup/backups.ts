import type { Db } from '../../db/open.js';
import { backupDatabase, type BackupResult } from './backup.js';
import { backupDue, backupFolder, nextBackupFile } from './names.js';
import { pruneBackups } from './prune.js';

export interface BackupSettings {
  /** The `backup.folder` setting, unset by default. */
  folder: string | undefined;
  keep: number;
}

export interface MadeBackup extends BackupResult {
  /** Old backups removed to keep `backup.keep`. */
  removed: string[];
}

/** The kiosk's backups: made on demand or once a day, into the backup folder, the oldest beyond `backup.keep` removed. */
export class Backups {
  constructor(
    private readonly db: Db,
    private readonly settings: () => BackupSettings,
    private readonly now: () => Date,
  ) {}

  get folder(): string {
    return backupFolder(this.db.name, this.settings().folder);
  }

  /** One backup now: to `out` when given (kept however many there are), else into the backup folder. */
  async make(out?: string): Promise<MadeBackup> {
    if (out !== undefined) return { ...(await backupDatabase(this.db, out)), removed: [] };
    const { keep } = this.settings();
    const folder = this.folder;
    const made = await backupDatabase(this.db, nextBackupFile(folder, this.db.name, this.now()));
    return { ...made, removed: pruneBackups(folder, this.db.name, keep, made.file) };
  }

  due(): boolean {
    return backupDue(this.folder, this.db.name, this.now());
  }
}

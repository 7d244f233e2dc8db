import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDue, backupsIn } from '../../service/backup/names';
import { pruneBackups } from '../../service/backup/prune';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();

describe('backups made within one second', () => {
  it('are ordered by time, then -1, -2, -10: pruning keeps the newest', () => {
    const folder = tempDir();
    const names = [
      'kiosk-2026-11-21T03-00-00Z-10.db',
      'kiosk-2026-11-21T03-00-00Z-2.db',
      'kiosk-2026-11-21T03-00-00Z.db',
      'kiosk-2026-11-20T03-00-00Z.db',
      'kiosk-2026-11-21T03-00-00Z-1.db',
    ];
    for (const name of names) fs.writeFileSync(path.join(folder, name), '');
    const db = path.join(folder, '..', 'kiosk.db');
    expect(backupsIn(folder, db).map((b) => path.basename(b.file))).toEqual([
      'kiosk-2026-11-20T03-00-00Z.db',
      'kiosk-2026-11-21T03-00-00Z.db',
      'kiosk-2026-11-21T03-00-00Z-1.db',
      'kiosk-2026-11-21T03-00-00Z-2.db',
      'kiosk-2026-11-21T03-00-00Z-10.db',
    ]);
    pruneBackups(folder, db, 1);
    expect(fs.readdirSync(folder)).toEqual(['kiosk-2026-11-21T03-00-00Z-10.db']);
  });
});

describe('backups after the clock was set back', () => {
  const names = ['kiosk-2026-12-04T03-00-00Z.db', 'kiosk-2026-12-05T03-00-00Z.db'];

  it('the next daily backup is due by the backups dated before the clock, not those ahead of it', () => {
    const folder = tempDir();
    for (const name of names) fs.writeFileSync(path.join(folder, name), '');
    const db = path.join(folder, '..', 'kiosk.db');
    expect(backupDue(folder, db, new Date('2026-12-03T03:00:00Z'))).toBe(true);
    fs.writeFileSync(path.join(folder, 'kiosk-2026-12-03T03-00-00Z.db'), '');
    expect(backupDue(folder, db, new Date('2026-12-03T04:00:00Z'))).toBe(false);
    expect(backupDue(folder, db, new Date('2026-12-04T02:59:00Z'))).toBe(false);
  });

  it('pruning keeps the backup just made, though it is named oldest', () => {
    const folder = tempDir();
    for (const name of names) fs.writeFileSync(path.join(folder, name), '');
    const made = path.join(folder, 'kiosk-2026-12-03T03-00-00Z.db');
    fs.writeFileSync(made, '');
    pruneBackups(folder, path.join(folder, '..', 'kiosk.db'), 2, made);
    expect(fs.readdirSync(folder).sort()).toEqual(['kiosk-2026-12-03T03-00-00Z.db', 'kiosk-2026-12-05T03-00-00Z.db']);
  });
});

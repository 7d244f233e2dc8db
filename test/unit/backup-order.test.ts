import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupsIn } from '../../service/backup/names';
import { pruneBackups } from '../../service/backup/prune';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();

describe('backups made within one second', () => {
  it('are ordered by time, then -1, -2, -10: pruning keeps the newest', () => {
    const folder = tempDir();
    const names = ['kiosk-2026-11-21T03-00-00Z-10.db', 'kiosk-2026-11-21T03-00-00Z-2.db', 'kiosk-2026-11-21T03-00-00Z.db', 'kiosk-2026-11-20T03-00-00Z.db', 'kiosk-2026-11-21T03-00-00Z-1.db'];
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

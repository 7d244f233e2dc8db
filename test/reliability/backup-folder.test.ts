import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kiosk } from '../../service/kiosk';
import { visaKiosk } from '../fixtures/cli';
import { useTempDir } from '../fixtures/temp';
import { BACKUP_NAME, mode, setUp } from './backup-kiosk';

const tempDir = useTempDir();

describe('backups', () => {
  it('backs up into backup.folder by default, named with the time, and keeps backup.keep of them', async () => {
    const { dir, kiosk } = await setUp(tempDir());
    expect((await kiosk('config', 'set', 'backup.keep', '2')).code).toBe(0);
    for (let i = 0; i < 3; i++) expect((await kiosk('backup')).code).toBe(0);
    const folder = path.join(dir, 'backups');
    const names = fs.readdirSync(folder).sort();
    const backups = names.filter((n) => BACKUP_NAME.test(n));
    expect(backups).toHaveLength(2);
    expect(names).toEqual([...backups.flatMap((b) => [b, b.replace(/\.db$/, '.list.db')])].sort());
    expect(mode(folder)).toBe(0o700);

    expect((await kiosk('config', 'set', 'backup.folder', 'elsewhere')).code).toBe(0);
    const run = await kiosk('backup');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/backed up .* to .*elsewhere\/kiosk-.*\.db\nwith its visa list/);
  });

  it('a backup.folder that is a file is said so, and doctor warns of it', async () => {
    const { dir, kiosk } = await setUp(tempDir());
    fs.writeFileSync(path.join(dir, 'afile'), 'x');
    expect((await kiosk('config', 'set', 'backup.folder', 'afile')).code).toBe(0);
    expect(await kiosk('backup')).toMatchObject({
      code: 1,
      stderr: `visa-kiosk backup: cannot back up into ${path.join(dir, 'afile')}: a file stands where that folder should be\n`,
    });
    expect((await kiosk('doctor')).stdout).toMatch(
      new RegExp(
        `^WARN +backups +${path.join(dir, 'afile').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is a file, not a folder: set backup.folder to a folder$`,
        'm',
      ),
    );
  });

  it('makes a backup a day while the kiosk runs (startMaintenance)', async () => {
    const { dir, db } = await setUp(tempDir());
    const service = Kiosk.open(db);
    try {
      service.maintenance.start({ firstRunMs: 0 });
      const folder = path.join(dir, 'backups');
      const backups = () => (fs.existsSync(folder) ? fs.readdirSync(folder).filter((n) => BACKUP_NAME.test(n)) : []);
      await expect.poll(backups, { timeout: 5000 }).toHaveLength(1);
      // A newer backup is not due for a day: starting again makes none.
      service.maintenance.start({ firstRunMs: 0 });
      await new Promise((r) => setTimeout(r, 200));
      expect(backups()).toHaveLength(1);
      expect(fs.readFileSync(path.join(dir, 'logs', 'kiosk.log'), 'utf8')).toMatch(/"event":"backup"/);
    } finally {
      await service.close();
    }
  });

  it('refuses --out onto an existing file, and a database that is not there', async () => {
    const { dir, kiosk } = await setUp(tempDir());
    fs.writeFileSync(path.join(dir, 'taken.db'), 'mine');
    const taken = await kiosk('backup', '--out', path.join(dir, 'taken.db'));
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/^visa-kiosk backup: .*taken\.db exists already: a backup never overwrites a file\n$/);
    expect(fs.readFileSync(path.join(dir, 'taken.db'), 'utf8')).toBe('mine');
    const missing = await visaKiosk(['--db', path.join(dir, 'none.db'), 'backup']);
    expect(missing).toMatchObject({
      code: 1,
      stderr: `visa-kiosk backup: there is no database at ${path.join(dir, 'none.db')}: start the kiosk once, or give --db PATH\n`,
    });
    expect(fs.existsSync(path.join(dir, 'none.db'))).toBe(false);
  });
});

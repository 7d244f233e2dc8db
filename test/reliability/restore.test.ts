import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kiosk } from '../../service/kiosk';
import { visaKiosk } from '../fixtures/cli';
import { useTempDir } from '../fixtures/temp';
import { corruptVisits, setUp, snapshot, visitCount } from './backup-kiosk';

const tempDir = useTempDir();

describe('restore', () => {
  it('refuses a file that is not a kiosk database, a damaged one, or a newer one, and changes nothing', async () => {
    const { dir, kiosk } = await setUp(tempDir());
    expect((await kiosk('checkin', 'CC-1')).code).toBe(0);
    const backup = path.join(dir, 'good.db');
    expect((await kiosk('backup', '--out', backup)).code).toBe(0);

    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'this is not a database at all, just some words. '.repeat(100));
    const other = path.join(dir, 'other.sqlite');
    const conn = new Database(other);
    conn.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    conn.close();
    const damaged = path.join(dir, 'damaged.db');
    fs.copyFileSync(backup, damaged);
    corruptVisits(damaged);
    const newer = path.join(dir, 'newer.db');
    fs.copyFileSync(backup, newer);
    const bump = new Database(newer);
    bump.pragma('user_version = 999');
    bump.close();

    const before = snapshot(dir);
    const cases: [string, RegExp][] = [
      [text, /notes\.txt is not a Visa Kiosk database \(it is not an SQLite file\)/],
      [other, /other\.sqlite is not a Visa Kiosk database \(it is an SQLite file of another application\)/],
      [damaged, /damaged\.db is damaged: /],
      [newer, /newer\.db was made by a newer Visa Kiosk \(schema 999; this one knows up to \d+\): update the kiosk first/],
      [path.join(dir, 'absent.db'), /cannot read .*absent\.db: no such file/],
    ];
    for (const [file, reason] of cases) {
      const run = await kiosk('restore', file);
      expect(run.code, file).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.split('\n').filter(Boolean), file).toHaveLength(1);
      expect(run.stderr).toMatch(reason);
      expect(snapshot(dir), file).toEqual(before);
    }
  });

  it('refuses while the kiosk has the database open', async () => {
    const { dir, db, kiosk } = await setUp(tempDir());
    const backup = path.join(dir, 'b.db');
    expect((await kiosk('backup', '--out', backup)).code).toBe(0);
    const before = snapshot(dir);
    // Read before the kiosk opens: closing any handle on the file would drop this process's SQLite locks.
    const running = Kiosk.open(db);
    const refused = await kiosk('restore', backup);
    await running.close();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^visa-kiosk restore: .*kiosk\.db is in use by another process: stop the kiosk .* first\n$/);
    expect(snapshot(dir)).toEqual(before);
    expect((await kiosk('restore', backup)).code).toBe(0);
  });

  it('restores visits from a backup whose list file is gone: the list is empty until the next sync, and says so', async () => {
    const { dir, db, kiosk } = await setUp(tempDir());
    expect((await kiosk('checkin', 'CC-1')).code).toBe(0);
    const backup = path.join(dir, 'b.db');
    expect((await kiosk('backup', '--out', backup)).code).toBe(0);
    fs.rmSync(path.join(dir, 'b.list.db'));
    expect((await kiosk('checkin', 'HW-1')).code).toBe(0);
    const run = await kiosk('restore', backup);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/the visa list is empty until the next visa sync or import \(the backup's list file is missing\)/);
    expect(visitCount(db)).toBe(1);
    expect(JSON.parse((await kiosk('visa', 'status', '--json')).stdout)).toMatchObject({
      sequence: null,
      members: 0,
      lastError: expect.stringMatching(/without its visa list \(missing\)/),
    });
    // The list comes back with the next import: the sequence floor was reset with it.
    expect((await kiosk('visa', 'import', path.join(dir, 'list.json'))).code).toBe(0);
  });

  it('restores onto a machine with no database yet', async () => {
    const { dir, kiosk } = await setUp(tempDir());
    const backup = path.join(dir, 'b.db');
    expect((await kiosk('backup', '--out', backup)).code).toBe(0);
    const fresh = path.join(tempDir(), 'new', 'kiosk.db');
    const run = await visaKiosk(['--db', fresh, 'restore', backup, '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({ keptAs: null, list: 'restored' });
    expect(JSON.parse((await visaKiosk(['--db', fresh, 'visa', 'status', '--json'])).stdout)).toMatchObject({ sequence: 10, members: 6 });
  });
});

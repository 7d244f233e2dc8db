import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { visits } from '../../db/visits';
import { Kiosk } from '../../service/kiosk';
import { visaKiosk } from '../fixtures/cli';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();
const BACKUP_NAME = /^kiosk-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ(-\d+)?\.db$/;

/** A kiosk database with the small list installed, at Harbour Works. */
async function setUp() {
  const dir = tempDir();
  const db = path.join(dir, 'kiosk.db');
  const feed = path.join(dir, 'list.json');
  fs.writeFileSync(feed, feedBytes(smallFeed()));
  const kiosk = (...args: string[]) => visaKiosk(['--db', db, ...args]);
  expect((await kiosk('visa', 'import', feed)).code).toBe(0);
  expect((await kiosk('config', 'set', 'space.id', 'harbour')).code).toBe(0);
  return { dir, db, kiosk };
}

/** Many visits in one transaction, so the database is big enough that a backup takes several steps. */
function seedVisits(service: Kiosk, count: number): void {
  const log = visits(service.db);
  service.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      log.log({
        at: '2026-11-20T10:00:00.000Z',
        localDate: '2026-11-20',
        kind: null,
        decision: 'denied',
        reason: 'unknown_credential',
        credentialKind: 'barcode',
        credentialValue: `SEED-${i}-${'x'.repeat(60)}`,
      });
    }
  })();
}

/** Check-ins from this process every few milliseconds until stopped: the kiosk at work. */
function keepCheckingIn(service: Kiosk): { stop: () => Promise<number> } {
  let n = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      service.desk.checkin({ credential: `WALK-IN-${n++}` });
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return n;
    },
  };
}

function readVisits(file: string): { ids: number[]; integrity: string; appId: number; journal: string } {
  const conn = new Database(file, { readonly: true });
  try {
    return {
      ids: (conn.prepare('SELECT id FROM visits ORDER BY id').all() as { id: number }[]).map((r) => r.id),
      integrity: conn.pragma('integrity_check', { simple: true }) as string,
      appId: conn.pragma('application_id', { simple: true }) as number,
      journal: conn.pragma('journal_mode', { simple: true }) as string,
    };
  } finally {
    conn.close();
  }
}

const visitCount = (file: string) => readVisits(file).ids.length;
const mode = (file: string) => fs.statSync(file).mode & 0o777;
const contiguous = (ids: number[]) => ids.every((id, i) => id === i + 1);

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((name) => fs.statSync(path.join(dir, name)).isFile())
      .map((name) => [name, fs.readFileSync(path.join(dir, name)).toString('base64')]),
  );
}

/** Overwrites the header of the visits table's root page: SQLite's integrity check reports the page. */
function corruptVisits(file: string): void {
  const conn = new Database(file, { readonly: true });
  const { rootpage } = conn.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'visits'").get() as { rootpage: number };
  const pageSize = conn.pragma('page_size', { simple: true }) as number;
  conn.close();
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(16, 0xff), 0, 16, (rootpage - 1) * pageSize);
  fs.closeSync(fd);
}

describe('backups', () => {
  it('backs up online while visits are being written: a consistent copy, restored with its visits', async () => {
    const { dir, db, kiosk } = await setUp();
    const service = Kiosk.open(db);
    seedVisits(service, 60_000);
    const before = visitCount(db);
    const writer = keepCheckingIn(service);
    // From this process (the kiosk's own connection) and from another one (the command line), both while visits go in.
    const [inProcess, fromCli] = await Promise.all([
      service.maintenance.backup({ out: path.join(dir, 'mine.db') }),
      kiosk('backup', '--out', path.join(dir, 'cli.db'), '--json'),
    ]);
    const written = await writer.stop();
    const after = visitCount(db);
    expect(written).toBeGreaterThan(0);
    expect(fromCli).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(fromCli.stdout)).toMatchObject({ file: path.join(dir, 'cli.db'), listFile: path.join(dir, 'cli.list.db'), removed: [] });
    for (const file of [inProcess.file, path.join(dir, 'cli.db')]) {
      const copy = readVisits(file);
      expect(copy).toMatchObject({ integrity: 'ok', appId: 0x564b534b, journal: 'delete' });
      expect(contiguous(copy.ids)).toBe(true);
      expect(copy.ids.length).toBeGreaterThanOrEqual(before);
      expect(copy.ids.length).toBeLessThanOrEqual(after);
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
      expect(mode(file)).toBe(0o600);
      expect(mode(file.replace(/\.db$/, '.list.db'))).toBe(0o600);
    }
    await service.close();

    const backedUp = visitCount(inProcess.file);
    const restored = await kiosk('restore', inProcess.file, '--json');
    expect(restored).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(restored.stdout) as { keptAs: string; list: string; visits: number };
    expect(result).toMatchObject({ list: 'restored', visits: backedUp, keptAs: expect.stringMatching(/kiosk-before-restore-.*\.db$/) });
    expect(visitCount(db)).toBe(backedUp);
    expect(visitCount(result.keptAs)).toBe(after);
    expect(mode(db)).toBe(0o600);
    expect(mode(result.keptAs)).toBe(0o600);
    // The visa list came along: the restored kiosk decides at once.
    expect(JSON.parse((await kiosk('visa', 'status', '--json')).stdout)).toMatchObject({ sequence: 10, members: 6, lastError: null });
    expect(JSON.parse((await kiosk('checkin', 'CC-1', '--json')).stdout)).toMatchObject({ decision: 'admitted', member: { id: 'cc-1' } });
  });

  it('a backup under steady check-ins from another process finishes within 10 s, whole', async () => {
    const { dir, db, kiosk } = await setUp();
    const service = Kiosk.open(db);
    seedVisits(service, 250_000);
    const writer = keepCheckingIn(service);
    const started = performance.now();
    const made = await kiosk('backup', '--out', path.join(dir, 'steady.db'), '--json');
    const took = performance.now() - started;
    const written = await writer.stop();
    expect(made).toMatchObject({ code: 0, stderr: '' });
    // Each check-in by another connection sends SQLite's online backup back to its first page.
    expect(written).toBeGreaterThan(100);
    expect(took).toBeLessThan(10_000);
    const copy = readVisits(path.join(dir, 'steady.db'));
    expect(copy).toMatchObject({ integrity: 'ok', journal: 'delete' });
    expect(contiguous(copy.ids)).toBe(true);
    expect(copy.ids.length).toBeGreaterThanOrEqual(250_000);
    await service.close();
  }, 60_000);

  it('backs up into backup.folder by default, named with the time, and keeps backup.keep of them', async () => {
    const { dir, kiosk } = await setUp();
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
    const { dir, kiosk } = await setUp();
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
    const { dir, db } = await setUp();
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
    const { dir, kiosk } = await setUp();
    fs.writeFileSync(path.join(dir, 'taken.db'), 'mine');
    const taken = await kiosk('backup', '--out', path.join(dir, 'taken.db'));
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/^visa-kiosk backup: .*taken\.db exists already: a backup never overwrites a file\n$/);
    expect(fs.readFileSync(path.join(dir, 'taken.db'), 'utf8')).toBe('mine');
    const missing = await visaKiosk(['--db', path.join(dir, 'none.db'), 'backup']);
    expect(missing).toMatchObject({ code: 1, stderr: `visa-kiosk backup: there is no database at ${path.join(dir, 'none.db')}\n` });
    expect(fs.existsSync(path.join(dir, 'none.db'))).toBe(false);
  });
});

describe('restore', () => {
  it('refuses a file that is not a kiosk database, a damaged one, or a newer one, and changes nothing', async () => {
    const { dir, kiosk } = await setUp();
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
    const { dir, db, kiosk } = await setUp();
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
    const { dir, db, kiosk } = await setUp();
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
    const { dir, kiosk } = await setUp();
    const backup = path.join(dir, 'b.db');
    expect((await kiosk('backup', '--out', backup)).code).toBe(0);
    const fresh = path.join(tempDir(), 'new', 'kiosk.db');
    const run = await visaKiosk(['--db', fresh, 'restore', backup, '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({ keptAs: null, list: 'restored' });
    expect(JSON.parse((await visaKiosk(['--db', fresh, 'visa', 'status', '--json'])).stdout)).toMatchObject({ sequence: 10, members: 6 });
  });
});

import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CheckResult } from '../../service/doctor/check';
import { backupsCheck } from '../../service/doctor/backups-check';
import { clockCheck } from '../../service/doctor/clock-check';
import { databaseCheck, diskCheck } from '../../service/doctor/database-check';
import { runDoctor } from '../../service/doctor/doctor';
import { listCheck } from '../../service/doctor/list-check';
import { printerCheck } from '../../service/doctor/printer-check';
import { readerChecks } from '../../service/doctor/reader-check';
import { spaceCheck } from '../../service/doctor/space-check';
import { Kiosk, type KioskOptions } from '../../service/kiosk';
import { builtFile } from '../fixtures/built';
import { visaKiosk } from '../fixtures/cli';
import { CupsServer, freePort } from '../fixtures/cups';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { PtyDevice } from '../../bench/pty';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();
const open: Kiosk[] = [];
afterEach(async () => {
  for (const service of open.splice(0)) await service.close();
});

const NOW = new Date('2026-11-21T12:00:00Z');
const keys = crypto.generateKeyPairSync('ed25519');
const PUBLIC_KEY = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const isRoot = process.getuid?.() === 0;

/** A kiosk at Harbour Works with the small list installed (signed when asked). */
async function kiosk(options: KioskOptions & { signed?: boolean; list?: boolean } = {}): Promise<Kiosk> {
  const db = path.join(tempDir(), 'kiosk.db');
  const service = Kiosk.open(db, options);
  open.push(service);
  if (options.list !== false) {
    const feed = feedBytes(smallFeed({ generatedAt: '2026-11-21T09:00:00Z' }));
    await service.visaList.importFeed(
      { feed, ...(options.signed && { signature: crypto.sign(null, Buffer.from(feed), keys.privateKey).toString('base64') }) },
      options.signed ? { publicKeyPem: PUBLIC_KEY } : {},
    );
    service.settings.set({ key: 'space.id', value: 'harbour' });
  }
  return service;
}

const only = (results: CheckResult[]) => {
  expect(results).toHaveLength(1);
  return results[0]!;
};

describe('doctor checks', () => {
  it('database: quick_check passes on a sound database and fails on a damaged page', async () => {
    const service = await kiosk();
    expect(databaseCheck(service.db)).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(/^integrity ok \(quick_check of .*kiosk\.db and its visa list file\)$/),
    });
    const file = service.db.name;
    service.db.exec('CREATE TABLE filler (x TEXT)');
    service.db
      .prepare('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) INSERT INTO filler SELECT hex(randomblob(500)) FROM n')
      .run();
    const { rootpage } = service.db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'filler'").get() as { rootpage: number };
    await service.close();
    open.splice(0);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(12, 0xff), 0, 12, (rootpage - 1) * 4096);
    fs.closeSync(fd);
    const damaged = Kiosk.open(file);
    open.push(damaged);
    expect(databaseCheck(damaged.db)).toMatchObject({ status: 'fail', detail: expect.stringMatching(/kiosk\.db is damaged: .*restore a backup/) });
  });

  it('database: warns when others may read the file', async () => {
    const service = await kiosk({ list: false });
    fs.chmodSync(service.db.name, 0o644);
    expect(databaseCheck(service.db)).toMatchObject({ status: 'warn', detail: expect.stringContaining('can be read by other users (mode 644)') });
  });

  it('disk: passes with room, warns under 500 MB, fails under 50 MB', () => {
    const free = (mb: number) => () => ({ bavail: mb * 256, bsize: 4096 });
    expect(diskCheck('/data', free(20_000))).toEqual({ check: 'disk', status: 'pass', detail: "19.5 GB free on the database's volume (/data)" });
    expect(diskCheck('/data', free(300))).toMatchObject({ status: 'warn', detail: expect.stringMatching(/^only 300 MB free/) });
    expect(diskCheck('/data', free(20))).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^only 20 MB free .*visits may fail to be saved/) });
    expect(['pass', 'warn', 'fail']).toContain(diskCheck(tempDir()).status);
  });

  it('clock: passes after everything logged; fails when it went back behind a visit, behind the list, or was never set', async () => {
    const service = await kiosk({ now: () => NOW });
    expect(clockCheck(service.db, NOW)).toMatchObject({ status: 'pass' });
    service.desk.checkin({ credential: 'CC-1' }, { at: new Date('2026-11-22T09:00:00Z') });
    expect(clockCheck(service.db, NOW)).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/is 21 h behind the newest visit logged \(2026-11-22T09:00:00.000Z\): it went backwards/),
    });
    expect(clockCheck(service.db, new Date('2026-11-22T09:03:00Z'))).toMatchObject({ status: 'pass' });
    expect(clockCheck(service.db, new Date('1970-01-01T00:00:10Z'))).toMatchObject({ status: 'fail', detail: expect.stringContaining('it has not been set') });

    const ahead = await kiosk({ list: false, now: () => NOW });
    await ahead.visaList.importFeed({ feed: feedBytes(smallFeed({ generatedAt: '2026-12-25T00:00:00Z' })) });
    expect(clockCheck(ahead.db, new Date('2026-11-21T12:30:00Z'))).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining("behind the visa list's generatedAt (2026-12-25T00:00:00Z)"),
    });
  });

  it("space: fails unset, missing from the list, or in a timezone this system does not know; passes with the space's local time", async () => {
    const service = await kiosk();
    expect(spaceCheck('harbour', service.desk.info().space, NOW)).toEqual({
      check: 'space',
      status: 'pass',
      detail: 'Harbour Works (Lisbon), Europe/Lisbon, local time 2026-11-21 12:00',
    });
    expect(spaceCheck(null, null, NOW)).toMatchObject({ status: 'fail', detail: expect.stringContaining('config set space.id') });
    expect(spaceCheck('gone', null, NOW)).toMatchObject({ status: 'fail', detail: 'space "gone" is not in the installed visa list' });
    service.db.prepare("UPDATE list.spaces SET timezone = 'Mars/Olympus_Mons' WHERE id = 'harbour'").run();
    expect(spaceCheck('harbour', service.desk.info().space, NOW)).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('timezone "Mars/Olympus_Mons" is not in this system\'s time zone database'),
    });
  });

  it('visa list: fails with none, or unsigned while a key is configured; warns when stale or the last sync failed; passes signed', async () => {
    const none = await kiosk({ list: false });
    expect(listCheck(none.visaList.status(), false, false)).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^no visa list installed/) });

    const signed = await kiosk({ signed: true, now: () => NOW });
    expect(listCheck(signed.visaList.status(), true, true, NOW)).toEqual({
      check: 'visa list',
      status: 'pass',
      detail: 'sequence 10, 6 members, generated 2026-11-21T09:00:00Z, last sync 0 min ago, signed',
    });
    expect(listCheck(signed.visaList.status(), false, false, NOW)).toMatchObject({
      status: 'pass',
      detail: expect.stringContaining('unsigned (no public key configured)'),
    });
    expect(listCheck(signed.visaList.status(), false, true, NOW)).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('NOT signed: a public key is configured'),
    });
    await expect(signed.visaList.sync({ url: 'http://127.0.0.1:9/list.json' })).rejects.toThrow();
    expect(listCheck(signed.visaList.status(), true, true, NOW)).toMatchObject({ status: 'warn', detail: expect.stringContaining('the last attempt failed') });

    let now = NOW;
    const stale = await kiosk({ now: () => now });
    now = new Date(NOW.getTime() + 10 * 86_400_000);
    expect(listCheck(stale.visaList.status(), false, false, now)).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining(
        'last sync 10 days ago, unsigned (no public key configured); stale: the list was generated longer ago than visa.staleDays',
      ),
    });

    // Downloaded just now over plain http, but generated ten days ago: both are said.
    await stale.visaList.importFeed({ feed: feedBytes(smallFeed({ generatedAt: '2026-11-21T09:00:00Z' })) });
    stale.settings.set({ key: 'visa.feedUrl', value: 'http://alliance.example/list.json' });
    const replayed = listCheck(stale.visaList.status(), false, false, now);
    expect(replayed).toMatchObject({ status: 'warn', detail: expect.stringContaining('last sync 0 min ago') });
    expect(replayed.detail).toContain('stale: the list was generated longer ago than visa.staleDays');
    expect(replayed.detail).toContain('the feed URL is plain http');
    stale.settings.set({ key: 'visa.feedUrl', value: 'https://alliance.example/list.json' });
    stale.settings.set({ key: 'visa.staleDays', value: '30' });
    expect(listCheck(stale.visaList.status(), false, false, now)).toMatchObject({ status: 'pass' });
  });

  it('readers: warns with none configured, passes a reader found and opened, fails one that is not there', async () => {
    expect(only(await readerChecks([]))).toMatchObject({ check: 'readers', status: 'warn' });
    const dir = tempDir();
    const pty = new PtyDevice(dir);
    await pty.start();
    try {
      const results = await readerChecks([
        { id: 'desk', type: 'serial', path: pty.readerPath, protocol: 'em4100', baudRate: 9600, form: 'hex' },
        { id: 'door', type: 'serial', path: path.join(dir, 'ttyGONE'), protocol: 'line', baudRate: 9600, form: 'hex' },
        { id: 'usb', type: 'hid', match: { vendorId: '0c2e', productId: '0b61' }, protocol: 'hidpos', form: 'hex' },
      ]);
      expect(results).toEqual([
        { check: 'reader desk', status: 'pass', detail: `found and opened: ${pty.readerPath} at 9600 baud` },
        { check: 'reader door', status: 'fail', detail: expect.stringContaining('ttyGONE is not there') },
        { check: 'reader usb', status: 'fail', detail: expect.stringMatching(/0c2e:0b61 is not plugged in/) },
      ]);
    } finally {
      await pty.stop();
    }
  });

  it('backups: warns with none or when the newest is days old, passes after one today', async () => {
    const service = await kiosk({ now: () => NOW });
    const folder = path.join(path.dirname(service.db.name), 'backups');
    expect(backupsCheck(folder, service.db.name, NOW)).toMatchObject({ status: 'warn', detail: expect.stringMatching(/^none yet in/) });
    const made = await service.maintenance.backup();
    expect(backupsCheck(folder, service.db.name, NOW)).toEqual({
      check: 'backups',
      status: 'pass',
      detail: `newest 0 min old (${path.basename(made.file)}), 1 in ${folder}`,
    });
    expect(backupsCheck(folder, service.db.name, new Date(NOW.getTime() + 3 * 86_400_000))).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('newest 3 days old'),
    });
  });

  it('runs every check, one result each, in order', async () => {
    const service = await kiosk();
    const results = await runDoctor(service, { now: () => new Date() });
    expect(results.map((r) => r.check)).toEqual(['database', 'database file', 'disk', 'clock', 'space', 'visa list', 'readers', 'printer', 'backups']);
    expect(results.find((r) => r.check === 'printer')).toMatchObject({ status: 'skip' });
  });
});

/** The printer check asks the kiosk's own spooler process, as `visa-kiosk doctor` does, of a private CUPS server. */
describe.skipIf(!isRoot)('doctor: the printer check, on a real CUPS server', () => {
  const cups = new CupsServer();
  const printing = () => kiosk({ list: false, spooler: { file: builtFile('spooler-process.js') } });

  beforeAll(async () => {
    await cups.start();
    await cups.addQueue('badges', 'socket://127.0.0.1:9', ['-D', 'QL-820']);
  });
  afterAll(() => cups.stop());
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('skips with none configured, passes a ready queue, fails a missing, stopped or refusing one', async () => {
    // The spooler process reads CUPS_SERVER when it starts, with the kiosk's first printer call.
    vi.stubEnv('CUPS_SERVER', cups.server);
    const service = await printing();
    expect(printerCheck(await service.badges.printerStatus())).toMatchObject({
      check: 'printer',
      status: 'skip',
      detail: expect.stringMatching(/^no printer configured/),
    });
    service.settings.set({ key: 'printer.name', value: 'badges' });
    expect(printerCheck(await service.badges.printerStatus())).toEqual({ check: 'printer', status: 'pass', detail: 'badges is ready: pdf badges, 62x100mm' });
    service.settings.set({ key: 'printer.name', value: 'other' });
    expect(printerCheck(await service.badges.printerStatus())).toEqual({
      check: 'printer',
      status: 'fail',
      detail: 'no printer queue named "other"; the queues are: badges',
    });
    service.settings.set({ key: 'printer.name', value: 'badges' });
    await cups.disable('badges');
    try {
      expect(printerCheck(await service.badges.printerStatus())).toEqual({ check: 'printer', status: 'fail', detail: 'badges is stopped' });
      await cups.tool('cupsreject', ['badges']);
      expect(printerCheck(await service.badges.printerStatus())).toEqual({
        check: 'printer',
        status: 'fail',
        detail: 'badges is stopped (not accepting jobs)',
      });
    } finally {
      await cups.tool('cupsaccept', ['badges']);
      await cups.enable('badges');
    }
  });

  it('fails on its own line, saying so, when CUPS is not running; the other checks still run', async () => {
    vi.stubEnv('CUPS_SERVER', `127.0.0.1:${await freePort()}`);
    const service = await printing();
    service.settings.set({ key: 'printer.name', value: 'badges' });
    const results = await runDoctor(service, { now: () => new Date() });
    expect(results.map((r) => r.check)).toEqual(['database', 'database file', 'disk', 'clock', 'space', 'visa list', 'readers', 'printer', 'backups']);
    expect(results.find((r) => r.check === 'printer')).toEqual({
      check: 'printer',
      status: 'fail',
      detail: 'cannot list printer queues: CUPS, the print spooler, is not running (start it: sudo systemctl start cups)',
    });
  });

  it('visa-kiosk doctor prints the printer line from the spooler process', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    const run = (...args: string[]) => visaKiosk(['--db', db, ...args], { env: { CUPS_SERVER: cups.server } });
    expect((await run('config', 'set', 'printer.name', 'badges')).code).toBe(0);
    const result = await run('doctor');
    expect(result.stdout).toMatch(/^PASS {2}printer +badges is ready: pdf badges, 62x100mm$/m);
    const missing = await run('config', 'set', 'printer.name', 'front-desk');
    expect(missing.code).toBe(0);
    expect((await run('doctor')).stdout).toMatch(/^FAIL {2}printer +no printer queue named "front-desk"; the queues are: badges$/m);
  });
});

describe('visa-kiosk doctor', () => {
  async function setUp() {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const feed = path.join(dir, 'list.json');
    // The CLI runs on the real clock: a list generated now is not stale.
    fs.writeFileSync(feed, feedBytes(smallFeed({ generatedAt: new Date().toISOString() })));
    const run = (...args: string[]) => visaKiosk(['--db', db, ...args]);
    expect((await run('visa', 'import', feed)).code).toBe(0);
    expect((await run('config', 'set', 'space.id', 'harbour')).code).toBe(0);
    return { dir, db, run };
  }

  it('prints one PASS / WARN / FAIL / SKIP line per check and exits 0 when nothing fails', async () => {
    const { run } = await setUp();
    expect((await run('backup')).code).toBe(0);
    const result = await run('doctor');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'PASS database',
      'PASS database',
      'PASS disk',
      'PASS clock',
      'PASS space',
      'PASS visa',
      'WARN readers',
      'SKIP printer',
      'PASS backups',
    ]);
    expect(lines[4]).toMatch(/^PASS {2}space +Harbour Works \(Lisbon\), Europe\/Lisbon, local time /);
  });

  it('exits 1 with a one-line reason when a check fails; --json gives every result', async () => {
    const { run } = await setUp();
    expect((await run('config', 'set', 'visa.publicKey', '--', PUBLIC_KEY)).code).toBe(0);
    expect((await run('config', 'set', 'readers', JSON.stringify([{ id: 'desk', type: 'serial', path: '/dev/ttyNOPE', protocol: 'em4100' }]))).code).toBe(0);
    const result = await run('doctor', '--json');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('visa-kiosk doctor: 2 checks failed: visa list, reader desk\n');
    const report = JSON.parse(result.stdout) as { ok: boolean; checks: CheckResult[] };
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.check)).toEqual(['visa list', 'reader desk']);
  });

  it('says so when there is no database, without making one', async () => {
    const db = path.join(tempDir(), 'none.db');
    const result = await visaKiosk(['--db', db, 'doctor']);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^visa-kiosk doctor: there is no database at .*none\.db: start the kiosk once, or give --db PATH\n$/);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('reports a database that cannot be opened as the one failed check', async () => {
    const { db, run } = await setUp();
    const conn = new Database(db);
    conn.pragma('application_id = 7');
    conn.close();
    const result = await run('doctor');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}database {2}.*kiosk\.db is an SQLite database of another application/);
    expect(result.stderr).toBe('visa-kiosk doctor: 1 check failed: database\n');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupsCheck } from '../../service/doctor/backups-check';
import { clockCheck } from '../../service/doctor/clock-check';
import { databaseCheck, diskCheck } from '../../service/doctor/database-check';
import { runDoctor } from '../../service/doctor/doctor';
import { listCheck } from '../../service/doctor/list-check';
import { readerChecks } from '../../service/doctor/reader-check';
import { spaceCheck } from '../../service/doctor/space-check';
import { Kiosk } from '../../service/kiosk';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { PtyDevice } from '../../bench/pty';
import { NOW, only, useDoctorKiosks } from './doctor-kiosk';

const { tempDir, kiosk, open } = useDoctorKiosks();

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
    // The list names a timezone this system's ICU does not know.
    expect(spaceCheck('harbour', { ...service.desk.info().space!, timezone: 'Mars/Olympus_Mons' }, NOW)).toMatchObject({
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

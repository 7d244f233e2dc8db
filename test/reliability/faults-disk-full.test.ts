import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../core/errors';
import { dispatch } from '../../service/dispatch';
import { installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { useTempDir } from '../fixtures/temp';
import { fillDisk, smallDisk } from './faults';
import { Screen } from './screen';
import { serve } from './serve-process';
import { demoRfids, readLog } from './visit-log';

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const uids = demoRfids().map((d) => d.uid);

/** `serve` is run under prlimit (util-linux) to limit its file size. */
const hasPrlimit = spawnSync('prlimit', ['--version'], { stdio: 'ignore' }).status === 0;

describe('the disk full', () => {
  it('a tap that cannot be written is refused with a clear message; earlier visits stay; the kiosk goes on', async ({ skip }) => {
    const dir = smallDisk(tempDir, cleanup);
    if (!dir) return skip('needs root to mount a tmpfs');
    const db = path.join(dir, 'kiosk.db');
    const logged: string[] = [];
    const service = Kiosk.open(db, { log: (line) => logged.push(line) });
    cleanup.push(() => service.close());
    await installDemo(service);
    const connection = { session: null };
    const tap = (credential: string) => dispatch(service, 'checkin', { credential }, connection);
    await expect(tap('HW-0001')).resolves.toMatchObject({ decision: 'admitted' });
    await expect(tap('CC-0001')).resolves.toMatchObject({ decision: 'admitted' });
    const filler = fillDisk(dir);

    const refused = await tap('CC-0002').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(KioskError);
    expect((refused as KioskError).message).toMatch(/^the check-in was not saved: the disk is full/);
    // A guest's day pass is refused the same way, and a reader's tap is logged for staff, never thrown at the reader.
    await expect(dispatch(service, 'sellDayPass', { name: 'Walk In' }, connection)).rejects.toThrow(/the disk is full/);
    expect(() =>
      service.desk.checkinRead({ kind: 'rfid', value: uids[12]!, match: 'exact', raw: uids[12]!, readerId: 'desk', at: new Date().toISOString() }),
    ).toThrow(/the disk is full/);
    expect(service.db.pragma('integrity_check', { simple: true })).toBe('ok');

    fs.rmSync(filler);
    await expect(tap('CC-0002')).resolves.toMatchObject({ decision: 'admitted', member: { id: 'cc-0002' } });
    const rows = service.db.prepare('SELECT credential_value AS c FROM visits ORDER BY id').pluck().all();
    expect(rows).toEqual(['HW-0001', 'CC-0001', 'CC-0002']);
  });

  it('with a file-size limit instead (no root needed): serve refuses the tap that cannot be written, in one line, and keeps running', async ({ skip }) => {
    // util-linux is part of every Debian: prlimit missing where the test command installs packages is a failure.
    if (!hasPrlimit && process.getuid?.() !== 0) return skip('prlimit (util-linux) is not installed');
    const db = path.join(tempDir(), 'kiosk.db');
    const service = Kiosk.open(db);
    await installDemo(service);
    await service.close();
    // 48 KiB per file: room for SQLite's 32 KiB shared-memory index, not for a growing write-ahead log.
    const kiosk = await serve(db, [], {}, ['prlimit', `--fsize=${48 * 1024}`]);
    cleanup.push(() => kiosk.kill('SIGKILL'));
    const screen = await Screen.open(kiosk.url);
    cleanup.push(() => screen.close());
    const replies = [];
    for (const member of demoRfids().slice(0, 20)) {
      const reply = await screen.call('checkin', { credential: member.uid, kind: 'rfid' });
      replies.push(reply);
      if (!reply.ok) break;
    }
    const refused = replies.at(-1)!;
    expect(replies.length).toBeGreaterThan(1);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'not_saved', message: expect.stringMatching(/^the check-in was not saved: (the disk is full|the database could not be written)/) },
    });
    expect(await screen.call('kioskInfo')).toMatchObject({ ok: true, result: { space: { id: 'harbour-works' } } });
    await kiosk.kill('SIGKILL');
    const { visits, integrity } = readLog(db);
    expect(integrity).toBe('ok');
    expect(visits.map((v) => v.credential_value)).toEqual(
      replies.filter((r) => r.ok).map((r) => (r.result as { credential: { value: string } }).credential.value),
    );
  });
});

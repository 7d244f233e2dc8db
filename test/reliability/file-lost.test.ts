import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StorageProblem } from '../../core/api/kiosk-info';
import { installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { visaKiosk } from '../fixtures/cli';
import { em4100Frame } from '../fixtures/frames';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';
import { kioskWithReader } from './reader-pty';
import { type Screen } from './screen';
import { demoRfids, readLog } from './visit-log';

/**
 * The kiosk's database file deleted, or another file renamed over it, while `serve` runs: the
 * kiosk notices within a second, stops acknowledging visits, says so on every screen and in
 * `doctor`, and the visits it had acknowledged are kept in a rescued copy.
 */

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const uids = demoRfids().map((d) => d.uid);
const LOST = "the kiosk's database file was deleted or replaced: visits are not being saved, call staff";

const storageEvents = (screen: Screen) => screen.events.filter((e) => e.event === 'storage').map((e) => e.payload as StorageProblem[]);
const rescuedIn = (dir: string) => fs.readdirSync(dir).filter((name) => /^kiosk-rescued-.*\.db$/.test(name));

async function sixVisits(screen: Screen, tap: (uid: string) => Promise<void>) {
  for (const uid of uids.slice(0, 3)) await tap(uid);
  for (const credential of ['CC-0001', 'CC-0002', 'CC-0003']) expect((await screen.call('checkin', { credential })).ok).toBe(true);
  await until('six visits to be shown', () => screen.checkins.length === 6);
}

async function refusedAfterLoss(screen: Screen, tap: (uid: string) => Promise<void>) {
  // Every screen hears it within a second or so, without anyone tapping.
  await until('the screens to hear the file is gone', () => storageEvents(screen).length > 0, 4_000);
  const [problems] = storageEvents(screen);
  expect(problems).toEqual([{ kind: 'fileLost', since: expect.any(String), message: expect.stringContaining(LOST) }]);
  // A typed check-in and a reader's tap are refused, not acknowledged.
  expect(await screen.call('checkin', { credential: 'CC-0004' })).toMatchObject({ ok: false, error: { code: 'not_saved', message: LOST } });
  await tap(uids[10]!);
  await until('the reader tap to be refused', () => screen.events.some((e) => e.event === 'tapNotSaved'));
  expect(screen.events.find((e) => e.event === 'tapNotSaved')?.payload).toMatchObject({ readerId: 'desk', message: LOST });
  // A screen opened later is told too, as it loads.
  expect(await screen.call('kioskInfo')).toMatchObject({ ok: true, result: { storage: [{ kind: 'fileLost' }] } });
  expect(screen.checkins).toHaveLength(6);
  return problems![0]!.message;
}

describe('the database file deleted or replaced under a running kiosk', () => {
  it('deleted: refused at once on every screen; the six acknowledged visits are in the rescued copy, which doctor names', async () => {
    const dir = tempDir();
    const { db, pty, screen, kiosk } = await kioskWithReader(dir, cleanup);
    const tap = (uid: string) => pty.write(em4100Frame(uid));
    await sixVisits(screen, tap);
    fs.rmSync(db);
    const message = await refusedAfterLoss(screen, tap);
    await kiosk.kill('SIGKILL');

    const [rescued] = rescuedIn(dir);
    expect(message).toContain(path.join(dir, rescued!));
    expect(fs.statSync(path.join(dir, rescued!)).mode & 0o777).toBe(0o600);
    const { visits, integrity } = readLog(path.join(dir, rescued!));
    expect(integrity).toBe('ok');
    expect(visits.map((v) => v.credential_value)).toEqual(screen.checkins.map((c) => c.credential.value));
    const doctor = await visaKiosk(['--db', db, 'doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(
      `FAIL  database file  ${db} was deleted or replaced while the kiosk ran: its visits were rescued to ${path.join(dir, rescued!)}`,
    );
    expect(fs.existsSync(db)).toBe(false);
  }, 30_000);

  it('replaced by another kiosk’s file: the old write-ahead log is never replayed into the new file', async () => {
    const dir = tempDir();
    const { db, pty, screen, kiosk } = await kioskWithReader(dir, cleanup);
    const tap = (uid: string) => pty.write(em4100Frame(uid));
    const other = path.join(tempDir(), 'kiosk.db');
    const otherKiosk = Kiosk.open(other);
    await installDemo(otherKiosk);
    otherKiosk.desk.checkin({ credential: 'HW-0001' });
    await otherKiosk.close();
    await sixVisits(screen, tap);
    fs.renameSync(other, db);
    await refusedAfterLoss(screen, tap);
    // Killed, as a power cut would: whatever is beside the file is read by the next start.
    await kiosk.kill('SIGKILL');

    const now = readLog(db);
    expect(now.integrity).toBe('ok');
    expect(now.visits.map((v) => v.credential_value)).toEqual(['HW-0001']);
    const [rescued] = rescuedIn(dir);
    expect(readLog(path.join(dir, rescued!)).visits).toHaveLength(6);
    const doctor = await visaKiosk(['--db', db, 'doctor']);
    expect(doctor.stdout).toMatch(/FAIL {2}database file {2}.* was deleted or replaced while the kiosk ran/);
  }, 30_000);
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TapNotSaved, type CheckinResult } from '../../core/api/checkin';
import { UNKNOWN_LOGGED_RATE } from '../../service/flood-guard';
import { installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { em4100Frame } from '../fixtures/frames';
import { PtyDevice } from '../../bench/pty';
import { sleep, until } from '../fixtures/wait';
import { fillDisk, holdExclusive, smallDisk, STACK_LINE } from './faults';
import { kioskWithReader } from './reader-pty';
import { useNotSavedSetUp, visitor } from './not-saved';
import { Screen } from './screen';
import { readLog } from './visit-log';

/**
 * What the visitor hears when the database cannot save a reader's tap: the `tapNotSaved` event
 * (beside faults-database-locked.test.ts's typed taps), on a database really held by another
 * connection or on a really full disk.
 */

const { tempDir, cleanup } = useNotSavedSetUp();

const tapEvents = (screen: Screen) => screen.events.filter((e) => e.event === 'tapNotSaved').map((e) => TapNotSaved.parse(e.payload));

describe('a reader’s tap while another program (the sqlite3 shell) holds the database past the 2 s budget', () => {
  it('the screens hear tapNotSaved (busy) naming no one, nothing is logged half-way, and the next tap is saved', async () => {
    const { dir, db, pty, kiosk, screen } = await kioskWithReader(tempDir(), cleanup);

    const first = visitor(0);
    await pty.write(em4100Frame(first.uid));
    await until('the first tap to be shown', () => screen.checkins.length === 1);

    const ada = visitor(7);
    const lock = await holdExclusive(db);
    cleanup.push(() => lock.release());
    const tappedAt = Date.now();
    await pty.write(em4100Frame(ada.uid));
    // The kiosk tries again for 2 s, then tells every screen.
    await until('the screen to hear the tap was not saved', () => tapEvents(screen).length > 0, 10_000);
    const waited = Date.now() - tappedAt;
    await lock.release();

    const [event] = tapEvents(screen);
    expect(event).toEqual({
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      readerId: 'desk',
      reason: 'busy',
      message: expect.stringMatching(/^the check-in was not saved: the database is locked by another program \(waited 2 s\); try again$/),
      // The reader is given to no screen: a screen whose visitor is typing leaves it be.
      shared: true,
    });
    expect(waited).toBeGreaterThanOrEqual(1_900);
    expect(waited).toBeLessThan(3_000);
    expect(screen.checkins).toHaveLength(1);
    expect(readLog(db).visits.map((v) => v.credential_value)).toEqual([first.uid]);

    // The visitor taps again once the lock is gone (past the reader's 3 s repeat window): saved, shown, once.
    await sleep(3_100 - Math.min(3_100, Date.now() - tappedAt));
    await pty.write(em4100Frame(ada.uid));
    await until('the tap again to be shown', () => screen.checkins.some((c) => c.credential.value === ada.uid));
    expect(screen.checkins.at(-1)).toMatchObject({ decision: 'admitted', member: { id: ada.id } });
    expect(tapEvents(screen)).toHaveLength(1);
    const { visits, integrity } = readLog(db);
    expect(integrity).toBe('ok');
    expect(visits.map((v) => v.credential_value)).toEqual([first.uid, ada.uid]);

    // The log and the console say which reader and why, and nothing of who: not the badge, not a name, not an email.
    await kiosk.kill('SIGTERM');
    const logText = fs.readFileSync(path.join(dir, 'logs', 'kiosk.log'), 'utf8');
    const lines = logText
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: string; event: string; fields: Record<string, unknown> });
    expect(lines.filter((l) => l.event === 'tapNotSaved')).toEqual([
      {
        time: expect.any(String),
        level: 'warn',
        event: 'tapNotSaved',
        fields: {
          readerId: 'desk',
          credentialKind: 'rfid',
          reason: 'busy',
          message: expect.stringMatching(/^reader desk: a tap \(rfid\) could not be checked in: the check-in was not saved: the database is locked/),
        },
      },
    ]);
    for (const text of [logText, kiosk.output(), JSON.stringify(event)]) {
      for (const secret of [ada.uid, ada.name, ada.email]) expect(text).not.toContain(secret);
    }
    expect(kiosk.output()).toMatch(
      /reader desk: a tap \(rfid\) could not be checked in: the check-in was not saved: the database is locked by another program/,
    );
    expect(kiosk.output()).not.toMatch(/internal error|SqliteError/);
    expect(kiosk.output()).not.toMatch(STACK_LINE);
  }, 45_000);
});

/** An in-process kiosk whose database is on a 6 MB disk of its own, with one EM4100 reader ("door") on a pty; null when not root. */
async function kioskOnSmallDisk() {
  const dir = smallDisk(tempDir, cleanup);
  if (!dir) return null;
  const pty = new PtyDevice(tempDir());
  await pty.start();
  cleanup.push(() => pty.stop());
  const echoed: string[] = [];
  const service = Kiosk.open(path.join(dir, 'kiosk.db'), { log: (line) => echoed.push(line) });
  cleanup.push(() => service.close());
  await installDemo(service);
  // No repeat window, so the visitor's second tap of the same badge is read at once.
  service.settings.set({
    key: 'readers',
    value: JSON.stringify([{ id: 'door', type: 'serial', path: pty.readerPath, protocol: 'em4100', repeatSeconds: 0 }]),
  });
  const heard: TapNotSaved[] = [];
  const shown: CheckinResult[] = [];
  service.events.on('tapNotSaved', (event) => heard.push(TapNotSaved.parse(event)));
  service.events.on('checkin', (result) => shown.push(result));
  await service.startReaders();
  await until('the reader to connect', () => service.readerStatuses().every((s) => s.state === 'connected'));
  const loggedBadges = () => service.db.prepare('SELECT credential_value FROM visits ORDER BY id').pluck().all();
  return { dir, pty, service, echoed, heard, shown, loggedBadges };
}

describe('a reader’s tap on a full disk', () => {
  it('tapNotSaved (full), the reader stays up, and the same badge is saved once there is room', async ({ skip }) => {
    const kiosk = await kioskOnSmallDisk();
    if (!kiosk) return skip('needs root to mount a tmpfs');
    const { dir, pty, service, echoed, heard, shown, loggedBadges } = kiosk;
    const before = visitor(1);
    await pty.write(em4100Frame(before.uid));
    await until('the first tap to be saved', () => shown.length === 1);

    const filler = fillDisk(dir);
    const ada = visitor(8);
    await pty.write(em4100Frame(ada.uid));
    await until('the tap to be refused', () => heard.length === 1);
    expect(heard[0]).toEqual({ at: expect.any(String), readerId: 'door', reason: 'full', message: 'the check-in was not saved: the disk is full' });
    expect(service.readerStatuses()).toMatchObject([{ readerId: 'door', state: 'connected' }]);
    expect(service.db.pragma('integrity_check', { simple: true })).toBe('ok');

    fs.rmSync(filler);
    await pty.write(em4100Frame(ada.uid));
    await until('the tap again to be saved', () => shown.length === 2);
    expect(loggedBadges()).toEqual([before.uid, ada.uid]);
    expect(echoed.filter((line) => line.includes('could not be checked in'))).toEqual([
      'reader door: a tap (rfid) could not be checked in: the check-in was not saved: the disk is full',
    ]);
    for (const secret of [ada.uid, ada.name, ada.email]) expect(echoed.join('\n')).not.toContain(secret);
  }, 30_000);

  it('unknown badges that were not saved do not count toward the reader’s flood limit: the next unknown badge is logged', async ({ skip }) => {
    const kiosk = await kioskOnSmallDisk();
    if (!kiosk) return skip('needs root to mount a tmpfs');
    const { dir, pty, heard, shown, loggedBadges } = kiosk;
    const filler = fillDisk(dir);
    // More unknown badges than the flood limit lets the reader log at once, none of them saved.
    const unsaved = Array.from({ length: UNKNOWN_LOGGED_RATE.burst + 5 }, (_, i) => (0xe0_0000_0000 + i).toString(16).toUpperCase());
    for (const uid of unsaved) await pty.write(em4100Frame(uid));
    await until('every unknown badge to be refused', () => heard.length === unsaved.length, 10_000);
    expect(heard.every((event) => event.reason === 'full')).toBe(true);

    fs.rmSync(filler);
    const stranger = 'E0CAFE0001';
    await pty.write(em4100Frame(stranger));
    await until('the stranger to be shown', () => shown.length === 1);
    expect(shown[0]).toMatchObject({ decision: 'denied', reason: 'unknown_credential', visitId: expect.any(Number) });
    expect(loggedBadges()).toEqual([stranger]);
  }, 30_000);
});

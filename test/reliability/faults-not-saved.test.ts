import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TapNotSaved } from '../../core/api/checkin';
import { KioskError } from '../../core/errors';
import { dispatch, type Connection } from '../../service/dispatch';
import { demoFeed, installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { startServer } from '../../service/web/server';
import { visaKiosk } from '../fixtures/cli';
import { em4100Frame } from '../fixtures/frames';
import { PtyDevice } from '../../bench/pty';
import { useTempDir } from '../fixtures/temp';
import { sleep, until } from '../fixtures/wait';
import { fillDisk, holdExclusive, smallDisk, STACK_LINE } from './faults';
import { kioskWithReader } from './reader-pty';
import { Screen } from './screen';
import { readLog } from './visit-log';

/**
 * What the visitor and the front desk hear when the database cannot save: a reader's tap (the
 * `tapNotSaved` event, beside faults-database-locked.test.ts's typed taps) and staff's own writes (dispatch's
 * answer), on a database really held by another connection or on a really full disk.
 */

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const members = demoFeed().members;
/** A demo member's RFID badge, with what must never reach a log or an event about a tap that was not saved. */
const visitor = (i: number) => {
  const member = members[i]!;
  return { uid: member.credentials.find((c) => c.kind === 'rfid')!.value, id: member.id, name: member.name, email: member.email };
};

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

describe('a reader’s tap on a full disk', () => {
  it('tapNotSaved (full), the reader stays up, and the same badge is saved once there is room', async ({ skip }) => {
    const dir = smallDisk(tempDir, cleanup);
    if (!dir) return skip('needs root to mount a tmpfs');
    const ptyDir = tempDir();
    const pty = new PtyDevice(ptyDir);
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
    const shown: string[] = [];
    service.events.on('tapNotSaved', (event) => heard.push(TapNotSaved.parse(event)));
    service.events.on('checkin', (result) => shown.push(result.credential.value));
    await service.startReaders();
    await until('the reader to connect', () => service.readerStatuses().every((s) => s.state === 'connected'));
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
    expect(service.db.prepare('SELECT credential_value FROM visits ORDER BY id').pluck().all()).toEqual([before.uid, ada.uid]);
    expect(echoed.filter((line) => line.includes('could not be checked in'))).toEqual([
      'reader door: a tap (rfid) could not be checked in: the check-in was not saved: the disk is full',
    ]);
    for (const secret of [ada.uid, ada.name, ada.email]) expect(echoed.join('\n')).not.toContain(secret);
  }, 30_000);
});

/** Every row of every table, to show a refused write changed nothing. */
function snapshot(file: string): Record<string, unknown[]> {
  const conn = new Database(file, { readonly: true });
  try {
    const tables = conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((table) => [table, conn.prepare(`SELECT * FROM "${table}"`).raw().all()]));
  } finally {
    conn.close();
  }
}

describe('command-line writes while another program holds the database past the 2 s budget', () => {
  it('each says its change was not saved and why, and the database is unchanged; once let go, the same command goes through', async () => {
    const file = path.join(tempDir(), 'kiosk.db');
    const setup = Kiosk.open(file);
    setup.settings.set({ key: 'kiosk.idleSeconds', value: 30 });
    await setup.close();
    const before = snapshot(file);
    const lock = await holdExclusive(file);
    cleanup.push(() => lock.release());
    // Both wait out the 2 s budget, side by side.
    const [setting, staff] = await Promise.all([
      visaKiosk(['--db', file, 'config', 'set', 'kiosk.idleSeconds', '45']),
      visaKiosk(['--db', file, 'staff', 'add', '--name', 'Sam Staff', '--role', 'staff'], { input: '135791\n' }),
    ]);
    await lock.release();
    // Through the same door as a screen's call: each names what it could not save.
    const refusal = (command: string, what: string) =>
      `visa-kiosk ${command}: ${what} was not saved: the database is locked by another program (waited 2 s); try again\n`;
    expect(setting).toMatchObject({ code: 1, stdout: '', stderr: refusal('config set', 'the setting') });
    expect(staff).toMatchObject({ code: 1, stdout: '', stderr: refusal('staff add', 'the staff account') });
    expect(snapshot(file)).toEqual(before);
    expect(await visaKiosk(['--db', file, 'config', 'set', 'kiosk.idleSeconds', '45'])).toMatchObject({ code: 0, stderr: '' });
  }, 30_000);
});

describe('staff writes while another program (the sqlite3 shell) holds the database past the 2 s budget', () => {
  async function frontDesk() {
    const file = path.join(tempDir(), 'kiosk.db');
    const service = Kiosk.open(file);
    cleanup.push(() => service.close());
    await installDemo(service);
    service.staff.add({ name: 'Maya Okafor', role: 'manager', pin: '482193' });
    const rosa = service.staff.add({ name: 'Rosa Díaz', role: 'staff', pin: '246813' });
    const denied = service.desk.checkin({ credential: 'DEADBEEF01', kind: 'rfid' });
    const admitted = service.desk.checkin({ credential: visitor(2).uid, kind: 'rfid' });
    const connection: Connection = { session: null };
    await dispatch(service, 'signIn', { staffId: 1, pin: '482193' }, connection);
    return { file, service, connection, rosa, denied: denied.visitId!, admitted: admitted.visitId! };
  }

  it('each is answered within the budget with what was not saved and why, never "internal error", and the database is unchanged', async () => {
    const { file, service, connection, rosa, denied, admitted } = await frontDesk();
    const nextWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const cases: [string, unknown, string][] = [
      ['overrideVisit', { visitId: denied, reason: 'Known member, card broken' }, 'the override'],
      ['voidVisit', { visitId: admitted, reason: 'Tapped by mistake' }, 'voiding the visit'],
      ['checkinMember', { memberId: visitor(3).id }, 'the check-in'],
      ['setSetting', { key: 'kiosk.idleSeconds', value: 45 }, 'the setting'],
      ['addStaff', { name: 'Sam Staff', role: 'staff', pin: '135791' }, 'the staff account'],
      ['disableStaff', { id: rosa.id }, 'disabling the staff account'],
      ['expectVisit', { memberId: visitor(4).id, date: nextWeek }, 'the expected visit'],
      ['erasePerson', { email: 'walk.in@example.org' }, 'the erasure'],
      ['prepareExport', { from: '2026-01-01', to: '2026-01-31' }, 'the export request'],
    ];
    const before = snapshot(file);
    const lock = await holdExclusive(file);
    cleanup.push(() => lock.release());
    // All at once, as from several screens: each waits its own 2 s between tries, none waits for another.
    const started = performance.now();
    const refusals = await Promise.all(cases.map(([method, input]) => dispatch(service, method, input, connection).catch((error: unknown) => error)));
    const took = performance.now() - started;
    // Reads need no lock in WAL mode: answered at once meanwhile.
    expect(await dispatch(service, 'todaysVisits', {}, connection)).toHaveLength(2);
    await lock.release();
    cases.forEach(([method, , what], i) => {
      expect(refusals[i], method).toBeInstanceOf(KioskError);
      expect(refusals[i], method).toMatchObject({
        code: 'not_saved',
        message: `${what} was not saved: the database is locked by another program (waited 2 s); try again`,
      });
    });
    // One after another they would take 18 s; side by side, 2 s and the PIN hashing addStaff repeats at each try.
    expect(took).toBeLessThan(8_000);
    expect(snapshot(file)).toEqual(before);
    // Once the other program lets go, the same call goes through.
    await expect(dispatch(service, 'setSetting', { key: 'kiosk.idleSeconds', value: 45 }, connection)).resolves.toBe(45);
  });

  it('through the WebSocket, the screen is told the same in the reply', async () => {
    const { file, service } = await frontDesk();
    const root = path.join(tempDir(), 'renderer');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Visa Kiosk</title>');
    const logged: string[] = [];
    const server = await startServer(service, { host: '127.0.0.1', port: 0, staticRoot: root, log: (line) => logged.push(line) });
    cleanup.push(() => server.close());
    const screen = await Screen.open(server.url);
    cleanup.push(() => screen.close());
    expect(await screen.call('signIn', { staffId: 1, pin: '482193' })).toMatchObject({ ok: true, result: { staff: { name: 'Maya Okafor' } } });
    const before = snapshot(file);
    const lock = await holdExclusive(file);
    cleanup.push(() => lock.release());
    expect(await screen.call('setSetting', { key: 'kiosk.language', value: 'fr' })).toEqual({
      id: expect.any(Number),
      ok: false,
      error: {
        code: 'not_saved',
        message: 'the setting was not saved: the database is locked by another program (waited 2 s); try again',
        detail: { what: 'not_saved', why: 'busy' },
      },
    });
    await lock.release();
    expect(snapshot(file)).toEqual(before);
    expect(logged.join('\n')).not.toMatch(/failed|SqliteError/);
  });
});

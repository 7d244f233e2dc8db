import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../core/errors';
import { dispatch, type Connection } from '../../service/dispatch';
import { installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { startServer } from '../../service/web/server';
import { visaKiosk } from '../fixtures/cli';
import { holdExclusive } from './faults';
import { useNotSavedSetUp, visitor } from './not-saved';
import { Screen } from './screen';

/**
 * What the front desk hears when the database cannot save staff's own writes, from the command
 * line, through dispatch and through the WebSocket, on a database really held by another connection.
 */

const { tempDir, cleanup } = useNotSavedSetUp();

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
      ['expectVisit', { memberId: visitor(11).id, date: nextWeek }, 'the expected visit'],
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

import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckinResult } from '../../core/api/checkin';
import { openDatabase } from '../../db/open';
import { installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { BIN } from '../fixtures/cli';
import { em4100Frame } from '../fixtures/frames';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';
import { deskReader, serveWithScreen, TapWriter } from './reader-pty';
import { checkShownAreLogged, demoRfids, readLog } from './visit-log';

const tempDir = useTempDir();
const ROWS = 120_000;
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('crash safety: SIGKILL in the middle of things', () => {
  it('a kiosk killed in the middle of a burst of taps has logged every decision it showed, exactly once', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const pty = await deskReader(dir, db, cleanup);

    // 50 demo members (admitted and denied alike) and 15 unknown badges (within the reader's flood limit): every tap is a new visit.
    const uids = [...demoRfids().map((d) => d.uid), ...Array.from({ length: 15 }, (_, i) => `EE${(0xa0000000 + i).toString(16).toUpperCase()}`)];
    const first = await serveWithScreen(db, cleanup);
    const writer = new TapWriter(pty, (uid) => em4100Frame(uid));
    const burst = writer.run(uids, 15);
    await until('a third of the burst to be shown', () => first.screen.checkins.length >= 25, 10_000, 2);
    await first.kiosk.kill('SIGKILL');
    writer.stop();
    const writtenBeforeKill = (await burst).length;
    expect(first.kiosk.child.signalCode).toBe('SIGKILL');
    // The kill really fell in the middle: taps were still coming.
    expect(writtenBeforeKill).toBeLessThan(uids.length);
    const shownBefore = [...first.screen.checkins];

    const second = await serveWithScreen(db, cleanup);
    await writer.run(uids.slice(writtenBeforeKill), 10);
    const rest = uids.length - writtenBeforeKill;
    await until('the rest of the burst to be shown', () => second.screen.checkins.length >= rest, 10_000);
    await second.kiosk.kill('SIGTERM');

    const { visits, integrity } = readLog(db);
    expect(integrity).toBe('ok');
    const shown: CheckinResult[] = [...shownBefore, ...second.screen.checkins];
    const { problems, unshown } = checkShownAreLogged(visits, shown);
    expect(problems).toEqual([]);
    // Logged but never shown: only the few taps in flight when the process died (committed, not yet sent).
    expect(unshown.length).toBeLessThanOrEqual(3);
    // Every visit is one of the taps written (each badge read once), and all those after the restart arrived.
    expect(visits.every((v) => uids.includes(v.credential_value!))).toBe(true);
    for (const uid of uids.slice(writtenBeforeKill)) expect(visits.some((v) => v.credential_value === uid)).toBe(true);
    expect(new Set(visits.map((v) => v.credential_value)).size).toBe(visits.length);
  });

  it('a badge left printing by a kiosk that died is marked not printed once the kiosk runs again, so the desk can reprint it', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    const before = Kiosk.open(db);
    await installDemo(before);
    const visit = before.desk.checkin({ credential: demoRfids()[0]!.uid, kind: 'rfid' });
    // What a kill between the commit and the printer's answer leaves: the visit, its badge "pending".
    before.db.prepare("UPDATE visits SET badge_status = 'pending' WHERE id = ?").run(visit.visitId);
    await before.close();

    const after = Kiosk.open(db);
    cleanup.push(() => after.close());
    expect(after.desk.todaysVisits({}).find((v) => v.id === visit.visitId)).toMatchObject({ badgeStatus: 'pending' });
    await after.startRunning();
    expect(after.desk.todaysVisits({}).find((v) => v.id === visit.visitId)).toMatchObject({ badgeStatus: 'failed' });
    await after.close();
    expect(fs.readFileSync(path.join(path.dirname(db), 'logs', 'kiosk.log'), 'utf8')).toMatch(
      /1 badge was still printing when the kiosk last stopped: marked not printed/,
    );
  });

  it('an export killed half-way leaves no file under the target name, and the database intact', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const service = Kiosk.open(db);
    await installDemo(service);
    await service.close();
    // A long visit log, so the export takes a while (inserted straight into the table).
    const conn = openDatabase(db);
    conn
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS - 1})
      INSERT INTO visits (at, local_date, kind, decision, reason, member_id, member_name, home_space_id, home_space_name, credential_kind, credential_value)
      SELECT printf('2026-03-%02dT10:00:00.000Z', i % 28 + 1), printf('2026-03-%02d', i % 28 + 1), 'visa', 'admitted', 'visa', 'cc-' || i,
             'Visitor number ' || i || ', with a long name', 'cedar-commons', 'Cedar Commons', 'rfid', printf('%010X', 0x2000000000 + i) FROM n`,
      )
      .run();
    conn.close();
    const before = readLog(db).visits.length;

    const target = path.join(dir, 'march.csv');
    const child = spawn(process.execPath, [BIN, '--db', db, 'export', '--from', '2026-03-01', '--to', '2026-03-31', '--out', target], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    cleanup.push(() => void child.kill('SIGKILL'));
    const partial = () => fs.readdirSync(dir).find((f) => f.startsWith('.march.csv.') && f.endsWith('.partial'));
    await until(
      'the export to be half-written',
      () => {
        const name = partial();
        return name !== undefined && fs.statSync(path.join(dir, name)).size > 256 * 1024;
      },
      20_000,
      2,
    );
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    expect(fs.existsSync(target)).toBe(false);
    // What is left is the hidden work file, owner-only like the export itself (it holds names).
    expect(fs.statSync(path.join(dir, partial()!)).mode & 0o777).toBe(0o600);
    const after = readLog(db);
    expect(after.integrity).toBe('ok');
    expect(after.visits.length).toBe(before);
    // The kiosk goes on: a tap is logged, and the export, run again, completes under the target name.
    const kiosk = Kiosk.open(db);
    expect(kiosk.desk.checkin({ credential: 'HW-0001' })).toMatchObject({ decision: 'admitted', kind: 'member' });
    await kiosk.close();
    const again = spawn(process.execPath, [BIN, '--db', db, 'export', '--from', '2026-03-01', '--to', '2026-03-31', '--out', target], { stdio: 'ignore' });
    expect(await new Promise((resolve) => again.once('exit', resolve))).toBe(0);
    const lines = fs.readFileSync(target, 'utf8').split('\r\n').filter(Boolean);
    expect(lines.length).toBe(ROWS + 1);
    const plain = new Database(db, { readonly: true });
    expect(plain.pragma('integrity_check', { simple: true })).toBe('ok');
    plain.close();
  });
});

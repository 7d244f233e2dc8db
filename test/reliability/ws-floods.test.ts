import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckinResult } from '../../core/api/checkin';
import { TAP_RATE } from '../../service/call-limits';
import { SOURCE_TAP_RATE, UNKNOWN_LOGGED_RATE, VISITOR_CALL_RATE, VISITOR_DAY_PASS_RATE } from '../../service/flood-guard';
import { em4100Frame } from '../fixtures/frames';
import { sleep, until } from '../fixtures/wait';
import { deskReader, serveWithScreen, TapWriter } from './reader-pty';
import { type Reply } from './screen';
import { readLog } from './visit-log';
import { atMost, floodSummaries, madeUp, madeUpVisits, TOO_MANY_TAPS, useWsKiosk } from './ws-kiosk';
import { addStaff } from '../fixtures/staff';

// The limits of the kiosk's WebSocket, against `visa-kiosk serve` as a real process.

const { tempDir, cleanup, demoKiosk } = useWsKiosk();

describe('a screen that taps faster than a person', () => {
  it('3,000 pipelined check-ins of made-up badges: every one answered, a burst decided, the rest told "too many taps"; the list gains only the burst; the audit names the screen', async () => {
    const { db, kiosk, open } = await demoKiosk();
    const flooder = await open();
    const desk = await open();
    const began = performance.now();
    const replies = await Promise.all(Array.from({ length: 3000 }, (_, i) => flooder.call('checkin', { credential: madeUp(i), kind: 'rfid' })));
    const decided = replies.filter((r) => r.ok);
    // The burst, and the few taps the bucket refilled while the flood was read.
    expect(decided.length).toBeGreaterThanOrEqual(TAP_RATE.burst);
    expect(decided.length).toBeLessThanOrEqual(atMost(TAP_RATE, began));
    for (const reply of replies.filter((r) => !r.ok)) expect(reply).toMatchObject(TOO_MANY_TAPS);
    expect(flooder.closed).toBe(null);
    // Another screen (its own limits) checks a member in meanwhile, and it is logged.
    expect(await desk.call('checkin', { credential: 'HW-0001' })).toMatchObject({ ok: true, result: { decision: 'admitted', visitId: expect.any(Number) } });
    // Of those decided, the unknown badges past the screen's flood limit were not logged.
    const logged = madeUpVisits(db).length;
    expect(logged).toBeGreaterThanOrEqual(UNKNOWN_LOGGED_RATE.burst);
    expect(logged).toBeLessThanOrEqual(atMost(UNKNOWN_LOGGED_RATE, began));

    await kiosk.kill('SIGTERM');
    const [summary, ...more] = floodSummaries(db);
    expect(more).toEqual([]);
    expect(summary).toEqual({
      actor: 'the kiosk',
      sources: [{ source: 'screen at 127.0.0.1', unknownNotLogged: decided.length - logged, tapsRefused: 3000 - decided.length }],
    });
  });

  it('made-up badges from a screen that reconnects are still its own: past the limit they are answered "denied" but not logged', async () => {
    const { db, kiosk, open } = await demoKiosk();
    const shown: CheckinResult[] = [];
    const began = performance.now();
    let n = 0;
    for (let round = 0; round < 3; round++) {
      const screen = await open();
      for (let i = 0; i < 12; i++) {
        const reply = await screen.call('checkin', { credential: madeUp(n++), kind: 'rfid' });
        expect(reply).toMatchObject({ ok: true, result: { decision: 'denied', reason: 'unknown_credential' } });
        shown.push(reply.result as CheckinResult);
      }
      screen.close();
    }
    const logged = madeUpVisits(db);
    expect(logged.length).toBeGreaterThanOrEqual(UNKNOWN_LOGGED_RATE.burst);
    expect(logged.length).toBeLessThanOrEqual(atMost(UNKNOWN_LOGGED_RATE, began));
    // Those logged are the first ones, each under its own visit; the rest carry no visit.
    expect(logged.map((v) => v.credential_value)).toEqual(shown.slice(0, logged.length).map((r) => r.credential.value));
    expect(shown.slice(logged.length).every((r) => r.visitId === null)).toBe(true);
    // A member is still checked in and logged, flood or not.
    const desk = await open();
    expect(await desk.call('checkin', { credential: 'CC-0001' })).toMatchObject({ ok: true, result: { decision: 'admitted', visitId: expect.any(Number) } });

    await kiosk.kill('SIGTERM');
    expect(floodSummaries(db)).toEqual([
      { actor: 'the kiosk', sources: [{ source: 'screen at 127.0.0.1', unknownNotLogged: 36 - logged.length, tapsRefused: 0 }] },
    ]);
  });

  it('guessing badges over 20 sockets at once from one address is no faster than over one: the address’s taps are shared', async () => {
    const { db, kiosk, open } = await demoKiosk();
    const screens = await Promise.all(Array.from({ length: 20 }, open));
    const began = performance.now();
    const replies = (
      await Promise.all(
        screens.map((screen, s) =>
          Promise.all(Array.from({ length: 50 }, (_, i) => screen.call('checkin', { credential: madeUp(s * 100 + i), kind: 'rfid' }))),
        ),
      )
    ).flat();
    const decided = replies.filter((r) => r.ok).length;
    // One socket alone may decide its 20 at once; 20 of them together, not 400.
    expect(decided).toBeLessThanOrEqual(atMost(SOURCE_TAP_RATE, began));
    for (const reply of replies.filter((r) => !r.ok)) expect(reply).toMatchObject(TOO_MANY_TAPS);
    await kiosk.kill('SIGTERM');
    expect(floodSummaries(db)[0]!.sources).toEqual([
      { source: 'screen at 127.0.0.1', unknownNotLogged: decided - madeUpVisits(db).length, tapsRefused: 1000 - decided },
    ]);
  });

  it('a reader sending made-up badges: the first ones logged, the rest shown as denied and counted in one audit row naming the reader', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const pty = await deskReader(dir, db, cleanup);
    const { kiosk, screen } = await serveWithScreen(db, cleanup);
    const uids = Array.from({ length: 60 }, (_, i) => madeUp(i));
    const began = performance.now();
    await new TapWriter(pty, (uid) => em4100Frame(uid)).run(uids, 10);
    await until('every tap to be shown', () => screen.checkins.length >= uids.length, 15_000);
    expect(screen.checkins.every((c) => c.decision === 'denied' && c.reason === 'unknown_credential')).toBe(true);
    const logged = madeUpVisits(db).length;
    expect(logged).toBeGreaterThanOrEqual(UNKNOWN_LOGGED_RATE.burst);
    expect(logged).toBeLessThanOrEqual(atMost(UNKNOWN_LOGGED_RATE, began));

    await kiosk.kill('SIGTERM');
    expect(floodSummaries(db)).toEqual([{ actor: 'the kiosk', sources: [{ source: 'reader desk', unknownNotLogged: 60 - logged, tapsRefused: 0 }] }]);
  });
});

describe('a screen selling day passes faster than visitors fill in the form', () => {
  it('made-up buyers over 10 sockets: a burst sold, the rest told "too many day passes" and not logged; staff signed in on that screen still sell', async () => {
    const { db, open } = await demoKiosk();
    const screens = await Promise.all(Array.from({ length: 10 }, open));
    const began = performance.now();
    const replies: Reply[] = [];
    for (let round = 0; round < 3; round++) {
      replies.push(
        ...(await Promise.all(screens.map((screen, i) => screen.call('sellDayPass', { name: `Made Up ${round}-${i}`, email: 'made.up@example.org' })))),
      );
      await sleep(150);
    }
    const sold = replies.filter((r) => r.ok);
    expect(sold.length).toBeGreaterThanOrEqual(VISITOR_DAY_PASS_RATE.burst);
    expect(sold.length).toBeLessThanOrEqual(atMost(VISITOR_DAY_PASS_RATE, began));
    for (const reply of replies.filter((r) => !r.ok))
      expect(reply.error).toEqual({ code: 'day_pass_limit', message: 'too many day passes from this screen just now: please ask the front desk' });
    const dayPasses = () => readLog(db).visits.filter((v) => v.reason === 'day_pass').length;
    expect(dayPasses()).toBe(sold.length);

    await addStaff(db, { name: 'Desk', role: 'staff', pin: '4321' });
    const desk = screens[0]!;
    const names = (await desk.call('staffNames')).result as { id: number; name: string }[];
    expect(await desk.call('signIn', { staffId: names.find((n) => n.name === 'Desk')!.id, pin: '4321' })).toMatchObject({ ok: true });
    expect(await desk.call('sellDayPass', { name: 'A Real Guest' })).toMatchObject({ ok: true, result: { name: 'A Real Guest' } });
    expect(dayPasses()).toBe(sold.length + 1);
  });
});

describe('a screen calling staff faster than people need help', () => {
  it('a burst of calls is kept, the rest told in a sentence and not kept; another screen of the desk still calls', async () => {
    const { db, open } = await demoKiosk();
    const screens = await Promise.all(Array.from({ length: 3 }, () => open()));
    const began = performance.now();
    const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => screens[i % 3]!.call('callStaff', { name: `Made Up ${i}` })));
    const kept = replies.filter((r) => r.ok);
    expect(kept.length).toBeGreaterThanOrEqual(VISITOR_CALL_RATE.burst);
    expect(kept.length).toBeLessThanOrEqual(atMost(VISITOR_CALL_RATE, began));
    for (const reply of replies.filter((r) => !r.ok))
      expect(reply.error).toEqual({ code: 'rate_limited', message: 'too many calls for staff from this screen just now: please go to the front desk' });
    const calls = () => {
      const file = new Database(db, { readonly: true });
      try {
        return (file.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'staff_call'").get() as { n: number }).n;
      } finally {
        file.close();
      }
    };
    expect(calls()).toBe(kept.length);

    const other = await open('127.0.0.2');
    expect(await other.call('callStaff', { name: 'Ada Lovelace' })).toMatchObject({ ok: true });
    expect(calls()).toBe(kept.length + 1);
  });
});

import Database from 'better-sqlite3';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckinResult } from '../../core/api/checkin';
import { CALL_RATE, TAP_RATE } from '../../service/call-limits';
import { installDemo } from '../../service/demo-data';
import type { Rate } from '../../service/token-bucket';
import { SOURCE_TAP_RATE, UNKNOWN_LOGGED_RATE, VISITOR_DAY_PASS_RATE, type FloodCount } from '../../service/flood-guard';
import { Kiosk } from '../../service/kiosk';
import { MAX_SCREENS, OPENINGS_RATE } from '../../service/web/limits';
import { em4100Frame } from '../fixtures/frames';
import { useTempDir } from '../fixtures/temp';
import { sleep, until } from '../fixtures/wait';
import { visaKiosk } from '../fixtures/cli';
import { deskReader, serveWithScreen, TapWriter } from './reader-pty';
import { type Reply, Screen } from './screen';
import { serve } from './serve-process';
import { readLog } from './visit-log';

// The limits of the kiosk's WebSocket, against `visa-kiosk serve` as a real process: a screen
// that taps faster than a person, one that never reads, one that opens sockets in a loop.

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const TOO_MANY_TAPS = { ok: false, error: { code: 'rate_limited', message: 'too many taps: wait a moment, then tap again' } };
/** The most a bucket of `rate` can let through from `since` (performance.now()) until now. */
const atMost = (rate: Rate, since: number) => rate.burst + Math.ceil(((performance.now() - since) / 1000) * rate.perSecond);
const madeUp = (i: number) => `EE${(0xb0000000 + i).toString(16).toUpperCase()}`;

async function demoKiosk(dir = tempDir()) {
  const db = path.join(dir, 'kiosk.db');
  const kiosk = await serve(db, ['--demo']);
  cleanup.push(() => kiosk.kill('SIGKILL'));
  const open = async () => {
    const screen = await Screen.open(kiosk.url);
    cleanup.push(() => screen.close());
    return screen;
  };
  return { db, kiosk, open };
}

/** The badge-flood summaries in the audit trail, as a manager would read them. */
function floodSummaries(db: string): { actor: string; sources: FloodCount[] }[] {
  const conn = new Database(db, { readonly: true });
  try {
    const rows = conn.prepare("SELECT actor, detail FROM audit WHERE action = 'badge flood' ORDER BY id").all() as { actor: string; detail: string }[];
    return rows.map((r) => ({ actor: r.actor, sources: (JSON.parse(r.detail) as { sources: FloodCount[] }).sources }));
  } finally {
    conn.close();
  }
}

const madeUpVisits = (db: string) => readLog(db).visits.filter((v) => v.credential_value?.startsWith('EEB'));

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

    expect((await visaKiosk(['--db', db, 'staff', 'add', '--name', 'Desk', '--role', 'staff'], { input: '4321\n' })).code).toBe(0);
    const desk = screens[0]!;
    const names = (await desk.call('staffNames')).result as { id: number; name: string }[];
    expect(await desk.call('signIn', { staffId: names.find((n) => n.name === 'Desk')!.id, pin: '4321' })).toMatchObject({ ok: true });
    expect(await desk.call('sellDayPass', { name: 'A Real Guest' })).toMatchObject({ ok: true, result: { name: 'A Real Guest' } });
    expect(dayPasses()).toBe(sold.length + 1);
  });
});

describe('sockets', () => {
  /** Opens a socket and says how the upgrade was answered: 101, or the refusal's status and words. */
  const attempt = (url: string) =>
    Screen.open(url).then(
      (screen) => {
        cleanup.push(() => screen.close());
        return { status: 101, screen };
      },
      (error: Error) => ({ status: Number(/HTTP (\d+)/.exec(error.message)?.[1] ?? 0), screen: null }),
    );

  it(`at most ${MAX_SCREENS} screens at once: the next is refused 503 with words, and taken once one closes`, async () => {
    const { kiosk, open } = await demoKiosk();
    const screens = await Promise.all(Array.from({ length: MAX_SCREENS }, open));
    expect((await attempt(kiosk.url)).status).toBe(503);
    const port = Number(new URL(kiosk.url).port);
    const words = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () =>
        socket.write(
          `GET /api HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
        ),
      );
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('close', () => resolve(text));
    });
    expect(words).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(words).toContain(`This kiosk serves at most ${MAX_SCREENS} screens at once: close one, then reload this page.`);
    screens[0]!.close();
    await until('a place to be free', async () => (await attempt(kiosk.url)).status === 101, 5000, 50);
    expect(await screens[1]!.call('kioskInfo')).toMatchObject({ ok: true });
  });

  it('a loop opening sockets (to start its limits afresh) is refused 429 past a burst', async () => {
    const { kiosk, open } = await demoKiosk();
    const desk = await open();
    const statuses: number[] = [];
    const began = performance.now();
    for (let i = 0; i < OPENINGS_RATE.burst + 10; i++) {
      const { status, screen } = await attempt(kiosk.url);
      statuses.push(status);
      screen?.close();
    }
    // The desk's own socket was one of the burst.
    expect(statuses.filter((s) => s === 101).length).toBeLessThan(atMost(OPENINGS_RATE, began));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(OPENINGS_RATE.burst + 10 - atMost(OPENINGS_RATE, began) + 1);
    expect(statuses.every((s) => s === 101 || s === 429)).toBe(true);
    expect(kiosk.output()).toMatch(/refused a WebSocket from 127\.0\.0\.1: 429/);
    expect(await desk.call('kioskInfo')).toMatchObject({ ok: true });
  });

  it('2,000 refused sockets (another site’s page) are a few lines in the log and one count, not 2,000 lines; the page’s own socket is still taken', async () => {
    const { kiosk, open } = await demoKiosk();
    const port = Number(new URL(kiosk.url).port);
    const refusedOnce = () =>
      new Promise<void>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () =>
          socket.write(
            `GET /api HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: https://evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
          ),
        );
        socket.on('data', () => {});
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
      });
    for (let round = 0; round < 40; round++) await Promise.all(Array.from({ length: 50 }, refusedOnce));
    expect(await (await open()).call('kioskInfo')).toMatchObject({ ok: true });
    await kiosk.kill('SIGTERM');
    const lines = kiosk.output().split('\n');
    expect(lines.filter((line) => line.includes('refused a WebSocket from 127.0.0.1: 403'))).toHaveLength(5);
    expect(lines).toContain('refused 1995 more WebSockets from 127.0.0.1 within a minute');
  });

  it('calls past the generous limit are refused with words, never dropped', async () => {
    const { open } = await demoKiosk();
    const screen = await open();
    const replies = await Promise.all(Array.from({ length: CALL_RATE.burst * 3 }, () => screen.call('kioskInfo')));
    const refused = replies.filter((r) => !r.ok);
    expect(replies.length - refused.length).toBeGreaterThanOrEqual(CALL_RATE.burst);
    expect(refused.length).toBeGreaterThan(0);
    for (const reply of refused)
      expect(reply).toMatchObject({ ok: false, error: { code: 'rate_limited', message: 'too many requests at once: wait a moment' } });
  });

  it('a screen that never reads its replies is cut off; the kiosk keeps answering the others', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    // A long audit trail, so a manager's audit view is a large reply (about 250 KB).
    const setup = Kiosk.open(db);
    await installDemo(setup);
    const maria = setup.staff.add({ name: 'Maria Manager', role: 'manager', pin: '482193' });
    for (let i = 0; i < 1000; i++) setup.settings.set({ key: 'kiosk.idleSeconds', value: 30 + (i % 60) });
    await setup.close();
    const kiosk = await serve(db, []);
    cleanup.push(() => kiosk.kill('SIGKILL'));
    const reader = await Screen.open(kiosk.url);
    const stalled = await Screen.open(kiosk.url);
    cleanup.push(() => reader.close());
    cleanup.push(() => stalled.close());
    expect(await stalled.call('signIn', { staffId: maria.id, pin: '482193' })).toMatchObject({ ok: true });
    const big = await stalled.call('auditLog', { limit: 1000 });
    expect(JSON.stringify(big).length).toBeGreaterThan(200_000);

    // It stops reading, and asks for 100 more: 25 MB of replies it never takes.
    const tcp = (stalled.socket as unknown as { _socket: net.Socket })._socket;
    tcp.pause();
    const asked: Promise<Reply>[] = [];
    for (let i = 0; i < 100; i++) asked.push(stalled.call('auditLog', { limit: 1000 }));
    await until(
      'the kiosk to drop the stalled screen',
      () => /dropped a socket of screen at 127\.0\.0\.1: it left \d+ KiB of replies unread/.test(kiosk.output()),
      20_000,
      50,
    );
    expect(await reader.call('kioskInfo')).toMatchObject({ ok: true });
    // Reading again, it finds its socket closed, short of the replies it asked for.
    let answered = 0;
    void Promise.all(asked.map((p) => p.then(() => answered++)));
    tcp.resume();
    await until('the stalled screen to see its socket closed', () => stalled.closed !== null, 10_000);
    expect(answered).toBeLessThan(100);
    expect(kiosk.child.exitCode).toBe(null);
    expect(await reader.call('readerStatuses')).toMatchObject({ ok: true });
  });
});

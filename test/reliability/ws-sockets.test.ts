import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALL_RATE } from '../../service/call-limits';
import { installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { MAX_SCREENS, MAX_SCREENS_PER_DEVICE, OPENINGS_RATE } from '../../service/web/limits';
import { until } from '../fixtures/wait';
import { type Reply, Screen } from './screen';
import { serve } from './serve-process';
import { atMost, useWsKiosk } from './ws-kiosk';

// The limits of the kiosk's WebSocket, against `visa-kiosk serve` as a real process.

const { tempDir, cleanup, demoKiosk } = useWsKiosk();

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
    expect(words).toContain(
      `This kiosk serves at most ${MAX_SCREENS} screens at once, ${MAX_SCREENS_PER_DEVICE} of them on one other device: close one, then reload this page.`,
    );
    screens[0]!.close();
    await until('a place to be free', async () => (await attempt(kiosk.url)).status === 101, 5000, 50);
    expect(await screens[1]!.call('kioskInfo')).toMatchObject({ ok: true });
  });

  it(`a paired device holds at most ${MAX_SCREENS_PER_DEVICE} screens: its next is refused 503, while the kiosk's own screen still opens`, async () => {
    const lan = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    expect(lan, 'a paired tablet is played from this machine’s own LAN address').toBeDefined();
    const kiosk = await serve(path.join(tempDir(), 'kiosk.db'), ['--demo', '--host', '0.0.0.0']);
    cleanup.push(() => kiosk.kill('SIGKILL'));
    const { port, search } = new URL(kiosk.url);
    const tablet = `http://${lan}:${port}/${search}`;
    for (let i = 0; i < MAX_SCREENS_PER_DEVICE; i++) expect((await attempt(tablet)).status).toBe(101);
    expect((await attempt(tablet)).status).toBe(503);
    const own = await attempt(`http://127.0.0.1:${port}/${search}`);
    expect(own.status).toBe(101);
    expect(await own.screen!.call('kioskInfo')).toMatchObject({ ok: true });
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

import crypto from 'node:crypto';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReaderStatus } from '../../core/readers';
import { visaKiosk } from '../fixtures/cli';
import { startServe } from '../fixtures/serve';
import { PtyDevice } from '../../bench/pty';
import { useTempDir } from '../fixtures/temp';
import { sleep, until } from '../fixtures/wait';

const tempDir = useTempDir();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A browser-mode screen that keeps every event it is sent. */
async function listeningScreen(url: string): Promise<{ events: { event: string; payload: unknown }[]; readers: () => Promise<ReaderStatus[]> }> {
  const base = new URL(url);
  const socket = new WebSocket(`ws://${base.host}/api`, { origin: base.origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  cleanup.push(async () => socket.close());
  const events: { event: string; payload: unknown }[] = [];
  const replies = new Map<number, (result: unknown) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown; event?: string; payload?: unknown };
    if (message.event) events.push({ event: message.event, payload: message.payload });
    if (message.id !== undefined) replies.get(message.id)?.(message.result);
  });
  let nextId = 1;
  const readers = () =>
    new Promise<ReaderStatus[]>((resolve) => {
      const id = nextId++;
      replies.set(id, (result) => resolve(result as ReaderStatus[]));
      socket.send(JSON.stringify({ id, method: 'readerStatuses', input: {} }));
    });
  return { events, readers };
}

describe('a serial reader sending noise to the running kiosk (real pty, real serve)', () => {
  it('tells the screens its bad reads about once a second, with the full count, and still reads the next badge', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const pty = new PtyDevice(dir);
    await pty.start();
    cleanup.push(() => pty.stop());
    const readers = [{ id: 'desk', type: 'serial', path: pty.readerPath, protocol: 'line', baudRate: 115200 }];
    expect((await visaKiosk(['--db', db, 'config', 'set', 'readers', JSON.stringify(readers)])).code).toBe(0);
    const serve = await startServe(db, ['--demo']);
    cleanup.push(serve.stop);
    const screen = await listeningScreen(serve.url);
    const statuses = () => screen.events.filter((e) => e.event === 'readerStatus').map((e) => e.payload as ReaderStatus);
    await until('the reader to connect', async () => (await screen.readers()).some((s) => s.state === 'connected'), 10_000, 100);

    // A line at the wrong baud rate: 2,000 short lines of control bytes, each one a bad read.
    const lines = 2000;
    const noise = Buffer.concat(Array.from({ length: lines }, () => Buffer.concat([crypto.randomBytes(6).map((b) => (b % 8) + 1), Buffer.from('\n')])));
    const started = Date.now();
    await pty.write(noise);
    await until(
      () => `all ${lines} bad reads told (last: ${JSON.stringify(statuses().at(-1))})`,
      () => statuses().at(-1)?.badFrames === lines,
      15_000,
    );
    const seconds = (Date.now() - started) / 1000;

    const told = statuses().filter((s) => s.badFrames > 0);
    // At most one at once and one a second after it (bounded by the time the noise took), never one per bad read.
    expect(told.length).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
    expect(told.at(-1)!.detail).toContain('last bad read: control byte');

    await sleep(1100);
    await pty.write(Buffer.from('0F00A1B2C3\r\n'));
    await until('the badge after the noise to be decided', () => screen.events.some((e) => e.event === 'checkin'), 5000);
    expect(screen.events.find((e) => e.event === 'checkin')!.payload).toMatchObject({ credential: { kind: 'rfid', value: '0F00A1B2C3' } });
  }, 40_000);
});

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CONNECTIONS_PER_ADDRESS, MAX_PIPELINED } from '../../registry/http/limits';
import { makeRegistry, startRegistry, type RunningRegistry } from '../fixtures/registry-server';

/** Clients that hold a registry's connections or memory: each is cut off, and the registry goes on answering everyone else. */

let dir: string;
let server: RunningRegistry;
let port: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'visa-kiosk-registry-floods-'));
  await makeRegistry(dir, ['cedar']);
  // Listening beyond loopback, as a registry without a reverse proxy does: there each client address is held to its share.
  server = await startRegistry(dir, ['--host', '0.0.0.0']);
  port = Number(new URL(server.url).port);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A connection from `from` (a loopback address of this machine, so each is another client) that never closes its side by itself. */
function open(from: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress: from, allowHalfOpen: true });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Settles when the registry has closed its side (or reset the connection). */
const closed = (socket: net.Socket) =>
  new Promise<void>((resolve) => {
    if (socket.destroyed || socket.readableEnded) return resolve();
    for (const event of ['end', 'close', 'error']) socket.once(event, () => resolve());
  });

/** The registry's public keys, asked from `from` on a connection of its own: what a kiosk's first request looks like. */
async function keysFrom(from: string): Promise<string> {
  const socket = await open(from);
  let text = '';
  socket.on('data', (d) => (text += d));
  socket.write('GET /v1/keys HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  await closed(socket);
  return text;
}

describe('the registry under connection floods', { timeout: 60_000 }, () => {
  it('cuts off a client trickling its headers, never closing its side, a few seconds after its 408', async () => {
    const socket = await open('127.0.0.3');
    let text = '';
    socket.on('data', (d) => (text += d));
    socket.on('error', () => {});
    const started = Date.now();
    socket.write('GET /v1/keys HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => !socket.destroyed && socket.write('X'), 1_000);
    // Not only the registry's half: going on writing after its answer, the client is reset once the connection is gone.
    await new Promise((resolve) => {
      socket.once('close', resolve);
      socket.once('error', resolve);
    });
    clearInterval(trickle);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toMatch(/"message":"this request('s headers)? did not arrive in time"/);
    // Headers are given 10 s; the connection goes 2 s after the answer however the client behaves.
    expect(Date.now() - started).toBeLessThan(16_000);
  }, 30_000);

  it('closes a connection that sends many requests without reading the answers, and answers others meanwhile', async () => {
    const socket = await open('127.0.0.4');
    let text = '';
    socket.on('data', (d) => (text += d));
    socket.pause();
    socket.write('GET /v1/directory HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(5 * MAX_PIPELINED));
    // Read only once the registry has had time to take all of them, as a client would that never reads.
    setTimeout(() => socket.resume(), 1_000);
    await closed(socket);
    expect(text.match(/HTTP\/1\.1 200 /g)?.length ?? 0).toBeLessThanOrEqual(MAX_PIPELINED);
    expect(await keysFrom('127.0.0.5')).toMatch(/^HTTP\/1\.1 200 /);
  });

  it("holds one address to its share of connections; another address's kiosk is still answered", async () => {
    const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS_PER_ADDRESS }, () => open('127.0.0.6')));
    try {
      for (const socket of held) socket.on('error', () => {});
      const oneMore = await open('127.0.0.6');
      await closed(oneMore);
      expect(held.every((socket) => !socket.destroyed)).toBe(true);
      expect(await keysFrom('127.0.0.7')).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      for (const socket of held) socket.destroy();
    }
  });
});

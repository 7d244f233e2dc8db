import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Kiosk } from '../../service/kiosk';
import { LOCAL } from '../../service/kiosk/audit';
import { startServer, type RunningServer } from '../../service/web/server';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();
const running: { server: RunningServer; service: Kiosk }[] = [];
afterEach(async () => {
  for (const { server, service } of running.splice(0)) {
    await server.close();
    service.close();
  }
});

async function serve(host = '127.0.0.1') {
  const dir = tempDir();
  const root = path.join(dir, 'renderer');
  fs.mkdirSync(root);
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Visa Kiosk</title>');
  fs.writeFileSync(path.join(root, 'registry-console.html'), '<!doctype html><title>Console</title>');
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'assets', 'index-AbC123.js'), 'export {};');
  const service = Kiosk.open(path.join(dir, 'kiosk.db'));
  service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
  service.settings.set({ key: 'space.id', value: 'harbour' });
  const server = await startServer(service, { host, port: 0, staticRoot: root });
  running.push({ server, service });
  const base = new URL(server.url);
  return { server, service, port: base.port, origin: `http://127.0.0.1:${base.port}`, token: server.token };
}

function connect(port: string, options: { origin?: string; token?: string | null; screen?: string } = {}): Promise<WebSocket> {
  const query = new URLSearchParams({ ...(options.token && { token: options.token }), ...(options.screen !== undefined && { screen: options.screen }) });
  const socket = new WebSocket(`ws://127.0.0.1:${port}/api${query.size ? `?${query}` : ''}`, options.origin === undefined ? {} : { origin: options.origin });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk));
      res.on('end', () => reject(new Error(`HTTP ${res.statusCode}: ${body.trim()}`)));
    });
    socket.once('error', reject);
  });
}

let nextId = 1;
function call(socket: WebSocket, method: string, input: unknown = {}): Promise<Record<string, unknown>> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      if (message.id === id) {
        socket.off('message', onMessage);
        resolve(message);
      }
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ id, method, input }));
  });
}

describe('browser mode: the kiosk page and the API over a WebSocket', () => {
  it('serves the page with a strict Content-Security-Policy', async () => {
    const { origin } = await serve();
    const response = await fetch(`${origin}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Visa Kiosk</title>');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    // An escaped ../ must not walk out of the page's folder.
    const escaped = await fetch(`${origin}/..%2f..%2f..%2f..%2fetc%2fpasswd`);
    expect(await escaped.text()).toContain('<title>Visa Kiosk</title>');
  });

  it('a rebuild’s pages are fetched anew, their hashed assets kept; an asset that is not there is 404, any other address the page', async () => {
    const { origin } = await serve();
    for (const page of ['/', '/registry-console.html']) expect((await fetch(`${origin}${page}`)).headers.get('cache-control')).toBe('no-store');
    const asset = await fetch(`${origin}/assets/index-AbC123.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('export {};');
    const gone = await fetch(`${origin}/assets/index-Old999.js`);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toBe('There is no such file here.\n');
    expect(await (await fetch(`${origin}/visits/today`)).text()).toContain('<title>Visa Kiosk</title>');
  });

  it('answers HEAD on an export download as GET would, without a body and without using the one-time link', async () => {
    const { service, origin } = await serve();
    service.desk.checkin({ credential: 'CC-1' });
    // A home space nobody in the range came from is refused in words, not handed over as an empty file.
    expect(() => service.exports.prepare({ report: 'visits', from: '2000-01-01', to: '2100-12-31', format: 'csv', bom: false, space: 'ceda' }, LOCAL)).toThrow(
      'no visit from 2000-01-01 to 2100-12-31 has home space "ceda": home spaces are named by their id, such as "cedar"',
    );
    // A space the list names is taken, though nobody from it came: the file is empty, and rightly so.
    expect(
      service.exports.prepare({ report: 'visits', from: '2000-01-01', to: '2100-12-31', format: 'csv', bom: false, space: 'harbour' }, LOCAL).fileName,
    ).toBe('visits-2000-01-01-to-2100-12-31.csv');
    const { url, fileName } = service.exports.prepare({ report: 'visits', from: '2000-01-01', to: '2100-12-31', format: 'csv', bom: false }, LOCAL);
    const head = await fetch(`${origin}${url}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(head.headers.get('content-disposition')).toBe(`attachment; filename="${fileName}"`);
    expect(await head.text()).toBe('');
    const get = await fetch(`${origin}${url}`);
    expect(get.status).toBe(200);
    expect(get.headers.get('content-disposition')).toBe(head.headers.get('content-disposition'));
    expect(await get.text()).toMatch(/^visit_id,.*\n1,/s);
    // Used now: HEAD says so as GET does.
    const used = await fetch(`${origin}${url}`, { method: 'HEAD' });
    expect(used.status).toBe(404);
    expect((await fetch(`${origin}${url}`)).status).toBe(404);
    expect((await fetch(`${origin}/exports/no-such-ticket/visits.csv`, { method: 'HEAD' })).status).toBe(404);
  });

  it('answers an address it cannot read with 400 and keeps serving', async () => {
    const { port } = await serve();
    const raw = (line: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(port), '127.0.0.1', () => socket.end(`${line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
        let reply = '';
        socket.on('data', (d) => (reply += d));
        socket.on('end', () => resolve(reply.split('\r\n')[0]!));
        socket.on('error', reject);
      });
    expect(await raw('GET /%E0%A4%A HTTP/1.1')).toBe('HTTP/1.1 400 Bad Request');
    expect(await raw('GET // HTTP/1.1')).toBe('HTTP/1.1 400 Bad Request');
    expect(
      await raw(
        'GET /api%E0%A4%A HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      ),
    ).toBe('HTTP/1.1 400 Bad Request');
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });

  it('a client still sending a body the kiosk does not take reads its answer, not a reset', async () => {
    const { port } = await serve();
    // It asks for the connection to close after the answer, sends on meanwhile, and reads only later.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1');
      let reply = '';
      socket.pause();
      setTimeout(() => socket.resume(), 300);
      socket.on('data', (d) => (reply += d));
      socket.on('error', () => {});
      socket.on('close', () => resolve(reply));
      setTimeout(() => reject(new Error(`no close; got: ${reply}`)), 10_000).unref();
      socket.on('connect', async () => {
        socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n');
        for (let i = 0; i < 40 && !socket.destroyed; i++) {
          socket.write(`4000\r\n${'x'.repeat(0x4000)}\r\n`);
          await new Promise((r) => setTimeout(r, 5));
        }
      });
    });
    expect(answer).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(answer).toContain('Allow: GET, HEAD\r\n');
  });

  it('says so when its port is taken, rather than a bare EADDRINUSE', async () => {
    const { port, service } = await serve();
    await expect(startServer(service, { host: '127.0.0.1', port: Number(port), staticRoot: tempDir() })).rejects.toThrow(
      `port ${port} on 127.0.0.1 is in use by another program: choose another with --port`,
    );
  });

  it('answers contract methods; a decision is pushed to the screen it was made at, and to staff screens, never to another visitor screen', async () => {
    const { port, origin, service } = await serve();
    const sam = service.staff.add({ name: 'Sam Staff', role: 'staff', pin: '482193' });
    const screen = await connect(port, { origin });
    const other = await connect(port, { origin });
    const desk = await connect(port, { origin });
    const heard = (socket: WebSocket) => {
      const messages: Record<string, unknown>[] = [];
      socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
      return () => messages.filter((m) => m.event === 'checkin').map((m) => m.payload);
    };
    const [atScreen, atOther, atDesk] = [heard(screen), heard(other), heard(desk)];
    expect(await call(desk, 'signIn', { staffId: sam.id, pin: '482193' })).toMatchObject({ ok: true });
    expect(await call(screen, 'kioskInfo')).toMatchObject({ ok: true, result: { space: { id: 'harbour', name: 'Harbour Works' } } });
    const reply = await call(screen, 'checkin', { credential: 'CC-1' });
    expect(reply).toMatchObject({ ok: true, result: { decision: 'admitted', member: { name: 'Ada Lovelace' } } });
    // Events are sent before the reply that follows them: a call answered afterwards has had them all.
    await Promise.all([call(other, 'kioskInfo'), call(desk, 'kioskInfo')]);
    expect(atScreen()).toEqual([expect.objectContaining({ decision: 'admitted', member: expect.objectContaining({ id: 'cc-1' }) })]);
    expect(atDesk()).toEqual(atScreen());
    expect(atOther()).toEqual([]);
    for (const socket of [screen, other, desk]) socket.close();
  });

  it('refuses an unknown method, bad input and a method above the kiosk’s role, with reasons', async () => {
    const { port, origin, service } = await serve();
    const socket = await connect(port, { origin });
    expect(await call(socket, 'dropTables')).toMatchObject({ ok: false, error: { code: 'invalid', message: 'unknown method "dropTables"' } });
    expect(await call(socket, 'checkin', { credential: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^credential: /) },
    });
    expect(await call(socket, 'checkin', { credential: 'CC-1', at: '2020-01-01T00:00:00Z' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await call(socket, 'importFeed', { feed: '{}' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'importFeed needs a manager to sign in first' },
    });
    expect(await call(socket, 'setSetting', { key: 'space.id', value: 'cedar' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(service.settings.get({ key: 'space.id' })).toBe('harbour');
    socket.close();
  });

  it('closes a socket that sends something other than a kiosk message', async () => {
    const { port, origin } = await serve();
    const socket = await connect(port, { origin });
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('SELECT * FROM members');
    expect(await closed).toBe(1003);
  });

  it('refuses sockets from another origin, or with none', async () => {
    const { port } = await serve();
    await expect(connect(port, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect(port)).rejects.toThrow('HTTP 403');
  });

  it('refuses a screen whose name in its address no reader could be given, saying what a name may hold', async () => {
    const { port, origin } = await serve();
    for (const name of ['front desk', '', 'x'.repeat(41)])
      await expect(connect(port, { origin, screen: name })).rejects.toThrow(
        'HTTP 422: The screen name in this page’s address (?screen=) may hold only letters, digits, ".", "_" and "-", at most 40 of them.',
      );
    const named = await connect(port, { origin, screen: 'entrance-left' });
    expect(await call(named, 'kioskInfo')).toMatchObject({ ok: true });
    named.close();
  });

  it('beyond loopback, requires the pairing token printed at start', async () => {
    const { port, origin, token, server } = await serve('0.0.0.0');
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(server.url).toContain(`?token=${token}`);
    await expect(connect(port, { origin })).rejects.toThrow('HTTP 401');
    await expect(connect(port, { origin, token: 'x'.repeat(24) })).rejects.toThrow('HTTP 401');
    const socket = await connect(port, { origin, token });
    expect(await call(socket, 'kioskInfo')).toMatchObject({ ok: true });
    socket.close();
  });
});

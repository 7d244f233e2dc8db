import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS, MAX_PIPELINED } from '../../service/web/limits';
import { useTempDir } from '../fixtures/temp';
import { sleep, until } from '../fixtures/wait';
import { Screen, serve, type ServeProcess } from './helpers';

// The HTTP side of `visa-kiosk serve`, as any program on the network (or an <img> on a page the
// kiosk's browser opens) can reach it: whatever arrives is answered, and the kiosk goes on.

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

interface RawReply {
  text: string;
  /** Every status code in the reply, in order (several for pipelined requests). */
  statuses: number[];
  /** When the server closed the connection, ms after the request began. */
  closedAfterMs: number;
}

/** Writes bytes to the server as they are (no client library to tidy them) and reads until it closes. */
function raw(port: number, request: string | Buffer, options: { then?: (socket: net.Socket) => void; giveUpMs?: number } = {}): Promise<RawReply> {
  return new Promise((resolve) => {
    const began = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => {});
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ text, statuses: [...text.matchAll(/^HTTP\/1\.[01] (\d{3}) /gm)].map((m) => Number(m[1])), closedAfterMs: Date.now() - began });
    });
    socket.setTimeout(options.giveUpMs ?? 10_000, () => socket.destroy());
    socket.write(request);
    options.then?.(socket);
  });
}

let kiosk: ServeProcess;
let port: number;
let page: string;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'visa-kiosk-http-'));
  kiosk = await serve(path.join(dir, 'kiosk.db'), ['--demo']);
  page = kiosk.url;
  port = Number(new URL(page).port);
});
afterAll(async () => {
  await kiosk?.kill('SIGKILL');
});

/** The kiosk process is alive and its page is served as usual. */
async function stillServing(): Promise<void> {
  expect(kiosk.child.exitCode, kiosk.output()).toBe(null);
  const response = await fetch(page);
  expect(response.status).toBe(200);
  expect(await response.text()).toContain('<div id="root">');
}

const get = (target: string, headers = '') => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${headers}Connection: close\r\n\r\n`;

describe('paths that once took the kiosk down', () => {
  it.each([
    ['a NUL byte', '/%00'],
    ['a NUL byte in a file name', '/index.html%00.js'],
    ['a path through a file', '/index.html/x'],
    ['a path through an asset', '/assets/x/../index.html/y'],
    ['a 300-character segment', `/${'a'.repeat(300)}`],
    ['a 5,000-character path', `/${'abc/'.repeat(1250)}`],
  ])('%s: answered with the page, and the kiosk goes on', async (_, target) => {
    const reply = await raw(port, get(target));
    expect(reply.statuses).toEqual([200]);
    expect(reply.text).toContain('<div id="root">');
    await stillServing();
  });
});

describe('random requests', () => {
  const segment = fc.oneof(
    fc.constantFrom(
      'index.html',
      'assets',
      'api',
      'exports',
      'AAAA',
      'x.csv',
      '..',
      '.',
      '',
      '%00',
      '%2f',
      '%2e%2e',
      '%E0%A4%A',
      '%',
      '%zz',
      '%c0%af',
      '%ff',
      '~',
      '%20',
      'a%00b',
      '\u00e9',
      '%F0%9F%98%80',
      'index.html%2f..%2f..',
    ),
    fc.stringMatching(/^[A-Za-z0-9._~%!$&'()*+,;=:@-]{0,40}$/),
    fc.string({ minLength: 200, maxLength: 400, unit: fc.constantFrom('a', 'b', '.', '%') }),
    fc.string({ maxLength: 30, unit: 'binary' }).map(encodeURIComponent),
  );
  const target = fc
    .tuple(fc.array(segment, { minLength: 1, maxLength: 8 }), fc.option(fc.stringMatching(/^[A-Za-z0-9=&%.-]{0,30}$/)))
    .map(([segments, query]) => `/${segments.join('/')}${query === null ? '' : `?${query}`}`);
  const method = fc.constantFrom(
    'GET',
    'GET',
    'GET',
    'HEAD',
    'POST',
    'PUT',
    'DELETE',
    'OPTIONS',
    'TRACE',
    'PATCH',
    'PROPFIND',
    'M-SEARCH',
    'BREW',
    'get',
    'G\u00c9T',
    'XYZZY',
  );
  const header = fc.constantFrom(
    '',
    'Range: bytes=0-10\r\n',
    'Range: bytes=99999999999999999999-\r\n',
    'Range: nonsense\r\n',
    'Origin: https://evil.example\r\n',
    'Origin: null\r\n',
    'Accept-Encoding: gzip, br, *;q=0\r\n',
    'If-None-Match: *\r\n',
    'If-Modified-Since: yesterday\r\n',
    'Cookie: a=b; c\r\n',
    'X-Forwarded-For: 10.0.0.1\r\n',
    'Content-Length: 5\r\n',
    'Expect: 100-continue\r\n',
  );

  it('300 generated paths, methods and headers: each answered with a status (never a 5xx), the page still 200 after each', async () => {
    await fc.assert(
      fc.asyncProperty(method, target, header, async (verb, path, extra) => {
        const body = extra.startsWith('Content-Length') ? 'hello' : '';
        const reply = await raw(port, Buffer.from(`${verb} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${extra}Connection: close\r\n\r\n${body}`, 'utf8'));
        expect(reply.statuses.length, reply.text.slice(0, 200)).toBeGreaterThanOrEqual(1);
        expect([100, 200, 400, 404, 405, 414, 417, 431]).toContain(reply.statuses.at(-1));
        await stillServing();
      }),
      { numRuns: 300 },
    );
  });
});

describe('odd requests and headers', () => {
  const cases: [string, () => string, number[]][] = [
    ['CONNECT', () => `CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n`, [405]],
    ['OPTIONS *', () => `OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`, [405]],
    ['TRACE', () => `TRACE / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`, [405]],
    ['a made-up method', () => `FROB / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`, [400]],
    ['garbage instead of a request line', () => `\x00\x01\x02 garbage\r\n\r\n`, [400]],
    ['HTTP/1.0 with no Host', () => `GET / HTTP/1.0\r\n\r\n`, [200]],
    ['HTTP/0.9', () => `GET /\r\n\r\n`, [200]],
    ['HTTP/1.1 with no Host', () => `GET / HTTP/1.1\r\nConnection: close\r\n\r\n`, [400]],
    ['a Host that is not an address', () => get('/').replace(/Host: [^\r]*/, 'Host: [::1'), [200]],
    ['two Hosts', () => get('/', 'Host: evil.example\r\n'), [200]],
    ['a 64 KB header', () => get('/', `X-Big: ${'a'.repeat(64 * 1024)}\r\n`), [431]],
    ['a 20 KB address', () => get(`/${'a'.repeat(20 * 1024)}`), [431]],
    ['4,000 headers', () => get('/', Array.from({ length: 4000 }, (_, i) => `X-${i}: v\r\n`).join('')), [431]],
    ['a Range', () => get('/', 'Range: bytes=0-5\r\n'), [200]],
    ['an absolute address', () => get('http://evil.example/index.html'), [200]],
    ['an address that cannot be read', () => get('/%E0%A4%A'), [400]],
    ['a broken chunked body', () => `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nnope\r\n`, [405]],
    ['a body on a GET', () => get('/', 'Content-Length: 3\r\n') + 'abc', [200]],
    ['Expect: 100-continue', () => get('/', 'Expect: 100-continue\r\n'), [100, 200]],
    ['Expect: something else', () => get('/', 'Expect: wonders\r\n'), [417]],
    ['an unknown export', () => get('/exports/AAAA/visits.csv'), [404]],
    [
      'three requests pipelined',
      () => `${get('/').replace('Connection: close\r\n', '')}HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n${get('/index.html/x')}`,
      [200, 200, 200],
    ],
  ];

  it.each(cases)('%s: answered, and the kiosk goes on', async (_, request, statuses) => {
    expect((await raw(port, request())).statuses).toEqual(statuses);
    await stillServing();
  });

  const upgrade = (target: string, headers: string) =>
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${headers}\r\n`;
  const upgrades: [string, () => string, number][] = [
    ['another site’s Origin', () => upgrade('/api', 'Origin: https://evil.example\r\n'), 403],
    ['Origin: null', () => upgrade('/api', 'Origin: null\r\n'), 403],
    ['no Origin', () => upgrade('/api', ''), 403],
    ['another path', () => upgrade('/elsewhere', `Origin: http://127.0.0.1:${port}\r\n`), 404],
    ['no key', () => upgrade('/api', `Origin: http://127.0.0.1:${port}\r\n`).replace(/Sec-WebSocket-Key[^\n]*\n/, ''), 400],
    ['another protocol (h2c)', () => upgrade('/', '').replace('Upgrade: websocket', 'Upgrade: h2c'), 404],
  ];

  it.each(upgrades)('an upgrade with %s is refused with a status and a reason', async (_, request, status) => {
    const reply = await raw(port, request());
    expect(reply.statuses).toEqual([status]);
    expect(reply.text.split('\r\n\r\n')[1]).toMatch(/[a-z]{3}/);
    await stillServing();
  });

  it('requests and upgrades dropped by their clients mid-way (500 of them): the kiosk goes on', async () => {
    const reset = (request: string, after: 'write' | 'data') =>
      raw(port, request, {
        then: (socket) => (after === 'write' ? socket.resetAndDestroy() : socket.once('data', () => socket.resetAndDestroy())),
      });
    for (let round = 0; round < 10; round++) {
      await Promise.all([
        ...Array.from({ length: 10 }, () => reset(upgrade('/api', 'Origin: https://evil.example\r\n'), 'write')),
        ...Array.from({ length: 10 }, () => reset(upgrade('/api', `Origin: http://127.0.0.1:${port}\r\n`), 'write')),
        ...Array.from({ length: 10 }, () => reset(get('/'), 'data')),
        ...Array.from({ length: 10 }, () => reset('GET / HTTP/1.1\r\nHost: 127.0', 'write')),
        ...Array.from({ length: 10 }, () => reset(`CONNECT x:1 HTTP/1.1\r\nHost: x\r\n\r\n`, 'write')),
      ]);
    }
    await stillServing();
  });

  it('connections that trickle their headers (slowloris) are closed within 10 s, not held: the page is served meanwhile', async () => {
    const trickling = Array.from({ length: 40 }, () =>
      raw(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n`, {
        giveUpMs: 30_000,
        then: (socket) => {
          const drip = setInterval(() => socket.writable && socket.write(`X-Drip: ${Date.now()}\r\n`), 500);
          socket.once('close', () => clearInterval(drip));
        },
      }),
    );
    await sleep(1000);
    await stillServing();
    const replies = await Promise.all(trickling);
    // The server's 10 s for headers, checked every second: well under the 30 s this test waits.
    for (const reply of replies) {
      expect(reply.statuses).toEqual([408]);
      expect(reply.closedAfterMs).toBeLessThan(15_000);
    }
    await stillServing();
  }, 40_000);
});

/** Opens `count` connections to the kiosk from `localAddress` (any of 127.0.0.0/8 reaches it), resolving once each is open or refused. */
function hold(count: number, localAddress: string): Promise<net.Socket[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Socket>((resolve) => {
          const socket = net.connect({ port, host: '127.0.0.1', localAddress }, () => resolve(socket));
          socket.on('error', () => resolve(socket));
        }),
    ),
  );
}

describe('connections', () => {
  it(`at most ${MAX_CONNECTIONS} at once: one more is closed at once, and the page is served again when they go`, async () => {
    const addresses = Math.ceil(MAX_CONNECTIONS / MAX_CONNECTIONS_PER_ADDRESS);
    const held = (await Promise.all(Array.from({ length: addresses }, (_, i) => hold(MAX_CONNECTIONS / addresses, `127.0.1.${i + 1}`)))).flat();
    cleanup.push(() => held.forEach((socket) => socket.destroy()));
    await sleep(300);
    const refused = await raw(port, get('/'));
    expect(refused.statuses).toEqual([]);
    expect(refused.closedAfterMs).toBeLessThan(2000);
    held.forEach((socket) => socket.destroy());
    await until(
      'the page to be served again',
      async () =>
        (await fetch(page).then(
          (r) => r.status,
          () => 0,
        )) === 200,
      5000,
      50,
    );
    await stillServing();
  });

  it(`one address holding connections open gets ${MAX_CONNECTIONS_PER_ADDRESS} of them; the next from it is closed at once, and other screens are served`, async () => {
    const held = await hold(MAX_CONNECTIONS, '127.0.2.1');
    cleanup.push(() => held.forEach((socket) => socket.destroy()));
    await sleep(300);
    expect(held.filter((socket) => !socket.destroyed && socket.readyState === 'open')).toHaveLength(MAX_CONNECTIONS_PER_ADDRESS);
    await stillServing();
    const screen = await Screen.open(page);
    cleanup.push(() => screen.close());
    expect(await screen.call('kioskInfo')).toMatchObject({ ok: true });
  });
});

describe('pipelined requests', () => {
  /** The kiosk's open files that are its page (a file handle an answer still holds). */
  const pageFilesOpen = () => {
    const fds = `/proc/${kiosk.child.pid}/fd`;
    const target = (fd: string) => {
      try {
        return fs.readlinkSync(path.join(fds, fd));
      } catch {
        return '';
      }
    };
    return fs.readdirSync(fds).filter((fd) => target(fd).endsWith('index.html')).length;
  };

  it(`a client sending 20,000 requests without reading the answers is closed after ${MAX_PIPELINED}, not held (200 MB a connection)`, async () => {
    const flood = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`.repeat(20_000);
    const reply = await raw(port, flood, { giveUpMs: 15_000 });
    expect(reply.statuses.length).toBeLessThanOrEqual(MAX_PIPELINED);
    expect(reply.closedAfterMs).toBeLessThan(5000);
    await stillServing();
  });

  it('clients that send a few requests at once and go before the answers: the kiosk keeps none of its page files open for them', async () => {
    if (!fs.existsSync(`/proc/${kiosk.child.pid}/fd`)) throw new Error('this test reads /proc (Linux)');
    const few = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`.repeat(MAX_PIPELINED);
    for (let round = 0; round < 20; round++)
      await Promise.all(Array.from({ length: 10 }, () => raw(port, few, { then: (socket) => socket.resetAndDestroy() })));
    await until(
      () => `the page's files to be closed (${pageFilesOpen()} open)`,
      () => pageFilesOpen() === 0,
      5000,
      50,
    );
    await stillServing();
  });
});

describe('the export download', () => {
  it('with no room for its temporary file: answered 500 with the reason, and the kiosk goes on', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const setup = Kiosk.open(db);
    await installDemo(setup);
    const maria = setup.staff.add({ name: 'Maria Manager', role: 'manager', pin: '482193' });
    await setup.close();
    const broken = await serve(db, [], { TMPDIR: path.join(dir, 'no-such-folder') });
    cleanup.push(() => broken.kill('SIGKILL'));
    const screen = await Screen.open(broken.url);
    cleanup.push(() => screen.close());
    expect(await screen.call('signIn', { staffId: maria.id, pin: '482193' })).toMatchObject({ ok: true });
    const prepared = await screen.call('prepareExport', { from: '2026-01-01', to: '2026-01-31' });
    const { url } = prepared.result as { url: string };
    const response = await fetch(new URL(url, broken.url));
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/^The export failed: .*no-such-folder/);
    expect(broken.child.exitCode).toBe(null);
    expect((await fetch(broken.url)).status).toBe(200);
  });
});

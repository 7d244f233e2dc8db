import { describe, expect, it } from 'vitest';
import { sleep } from '../fixtures/wait';
import { raw, useServedKiosk } from './http-kiosk';

const { served, stillServing, get } = useServedKiosk();

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
    expect((await raw(served.port, request())).statuses).toEqual(statuses);
    await stillServing();
  });

  const upgrade = (target: string, headers: string) =>
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${served.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${headers}\r\n`;
  const upgrades: [string, () => string, number][] = [
    ['another site’s Origin', () => upgrade('/api', 'Origin: https://evil.example\r\n'), 403],
    ['Origin: null', () => upgrade('/api', 'Origin: null\r\n'), 403],
    ['no Origin', () => upgrade('/api', ''), 403],
    ['another path', () => upgrade('/elsewhere', `Origin: http://127.0.0.1:${served.port}\r\n`), 404],
    ['no key', () => upgrade('/api', `Origin: http://127.0.0.1:${served.port}\r\n`).replace(/Sec-WebSocket-Key[^\n]*\n/, ''), 400],
    ['another protocol (h2c)', () => upgrade('/', '').replace('Upgrade: websocket', 'Upgrade: h2c'), 404],
  ];

  it.each(upgrades)('an upgrade with %s is refused with a status and a reason', async (_, request, status) => {
    const reply = await raw(served.port, request());
    expect(reply.statuses).toEqual([status]);
    expect(reply.text.split('\r\n\r\n')[1]).toMatch(/[a-z]{3}/);
    await stillServing();
  });

  it('requests and upgrades dropped by their clients mid-way (500 of them): the kiosk goes on', async () => {
    const reset = (request: string, after: 'write' | 'data') =>
      raw(served.port, request, {
        then: (socket) => (after === 'write' ? socket.resetAndDestroy() : socket.once('data', () => socket.resetAndDestroy())),
      });
    for (let round = 0; round < 10; round++) {
      await Promise.all([
        ...Array.from({ length: 10 }, () => reset(upgrade('/api', 'Origin: https://evil.example\r\n'), 'write')),
        ...Array.from({ length: 10 }, () => reset(upgrade('/api', `Origin: http://127.0.0.1:${served.port}\r\n`), 'write')),
        ...Array.from({ length: 10 }, () => reset(get('/'), 'data')),
        ...Array.from({ length: 10 }, () => reset('GET / HTTP/1.1\r\nHost: 127.0', 'write')),
        ...Array.from({ length: 10 }, () => reset(`CONNECT x:1 HTTP/1.1\r\nHost: x\r\n\r\n`, 'write')),
      ]);
    }
    await stillServing();
  });

  it('connections that trickle their headers (slowloris) are closed within 10 s, not held: the page is served meanwhile', async () => {
    const trickling = Array.from({ length: 40 }, () =>
      raw(served.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n`, {
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

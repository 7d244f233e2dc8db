import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { raw, useServedKiosk } from './http-kiosk';

const { served, stillServing, get } = useServedKiosk();

describe('paths that once took the kiosk down', () => {
  it.each([
    ['a NUL byte', '/%00'],
    ['a NUL byte in a file name', '/index.html%00.js'],
    ['a path through a file', '/index.html/x'],
    ['a path through an asset', '/assets/x/../index.html/y'],
    ['a 300-character segment', `/${'a'.repeat(300)}`],
    ['a 5,000-character path', `/${'abc/'.repeat(1250)}`],
  ])('%s: answered with the page, and the kiosk goes on', async (_, target) => {
    const reply = await raw(served.port, get(target));
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
        const reply = await raw(
          served.port,
          Buffer.from(`${verb} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${served.port}\r\n${extra}Connection: close\r\n\r\n${body}`, 'utf8'),
        );
        expect(reply.statuses.length, reply.text.slice(0, 200)).toBeGreaterThanOrEqual(1);
        expect([100, 200, 400, 404, 405, 414, 417, 431]).toContain(reply.statuses.at(-1));
        await stillServing();
      }),
      { numRuns: 300 },
    );
  });
});

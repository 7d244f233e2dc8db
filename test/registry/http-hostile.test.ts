import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, makeRegistry, registry, startRegistry, type RunningRegistry } from '../fixtures/registry-server';

let dir: string;
let server: RunningRegistry;
let host: string;
let port: number;

/**
 * Sends raw bytes on a new connection; what comes back before the registry closes it, and how long
 * that took. `readAfterMs` leaves the answer unread that long, as a client busy sending would;
 * `deaf` goes on sending after the registry's end, as a hostile client would.
 */
function raw(
  chunks: (string | Buffer)[],
  options: { gapMs?: number; waitMs?: number; readAfterMs?: number; deaf?: boolean } = {},
): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect({ port, host, allowHalfOpen: options.deaf ?? false });
    let text = '';
    socket.on('data', (d) => (text += d));
    if (options.readAfterMs) {
      socket.pause();
      setTimeout(() => socket.resume(), options.readAfterMs);
    }
    socket.on('error', () => {});
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${options.waitMs} ms; got: ${text}`));
    }, options.waitMs ?? 15_000);
    socket.on('close', () => clearTimeout(timer));
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
      }
    });
  });
}

const changeCount = () => {
  const db = new Database(path.join(dir, 'registry.db'), { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM changes').pluck().get() as number;
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'visa-kiosk-registry-'));
  await makeRegistry(dir, ['cedar']);
  server = await startRegistry(dir);
  host = new URL(server.url).hostname;
  port = Number(new URL(server.url).port);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the registry on loopback: hostile HTTP gets one sentence and changes nothing', { timeout: 60_000 }, () => {
  it('unknown paths are 404 and wrong methods 405 with Allow, as JSON sentences', async () => {
    // This registry still holds its root key: serve says so.
    expect(server.output()).toMatch(/^warning: the offline root key is still on this server/m);
    expect(await answer(await fetch(`${server.url}/v2/everything`))).toMatchObject({
      status: 404,
      json: { error: { code: 'not_found', message: 'there is nothing at this address' } },
    });
    const wrong = await fetch(`${server.url}/v1/enrol`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await answer(wrong)).json.error).toEqual({ code: 'method_not_allowed', message: 'this address takes POST only' });
    const member = await fetch(`${server.url}/v1/spaces/cedar/members/m-1`, { method: 'PUT' });
    expect(member.headers.get('allow')).toBe('PATCH, DELETE');
  });

  it('HEAD is answered like GET without a body; any other method gets 405 with Allow', async () => {
    const get = await fetch(`${server.url}/v1/keys`);
    const keys = await get.text();
    const head = await raw([`HEAD /v1/keys HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`]);
    const [headers, body] = head.text.split('\r\n\r\n');
    expect(headers).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(headers).toContain(`Content-Length: ${Buffer.byteLength(keys)}`);
    expect(headers).toContain('Content-Type: application/json');
    expect(body).toBe('');
    const page = await raw([`HEAD /directory HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`]);
    expect(page.text).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*Content-Type: text\/html[^]*\r\n\r\n$/);
    // A list still needs a kiosk's signature, HEAD or not.
    const unsigned = await raw([`HEAD /v1/timestamp HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`]);
    expect(unsigned.text).toMatch(/^HTTP\/1\.1 401 [^]*\r\n\r\n$/);
    for (const method of ['OPTIONS', 'DELETE', 'TRACE']) {
      const other = await raw([`${method} /v1/keys HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`]);
      expect(other.text).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
      expect(other.text).toContain('Allow: GET, HEAD\r\n');
      expect(other.text).toContain('"message":"this address takes GET, HEAD only"');
    }
    // CONNECT is not a request node:http hands on: unheard, it would be closed without a word.
    const tunnel = await raw([`CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n`]);
    expect(tunnel.text).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(tunnel.text).toContain('"message":"the registry is not a proxy: it answers GET, HEAD, POST, PUT, PATCH and DELETE"');
    const console = await raw([`HEAD /console/ HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`]);
    expect(console.text).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*Content-Type: text\/html[^]*\r\n\r\n$/);
  });

  it('bad JSON is 400, a body over the limit 413, and neither is logged as a change', async () => {
    const before = changeCount();
    const bad = await answer(await fetch(`${server.url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code": ' }));
    expect(bad).toMatchObject({ status: 400, json: { error: { code: 'bad_json', message: 'the request body is not valid JSON' } } });
    const big = await answer(await fetch(`${server.url}/v1/enrol`, { method: 'POST', body: 'x'.repeat(200_000) }));
    expect(big).toMatchObject({
      status: 413,
      json: { error: { code: 'too_large', message: "this request's body is larger than the registry takes here (64 KB at most)" } },
    });
    const wrongShape = await answer(await fetch(`${server.url}/v1/enrol`, { method: 'POST', body: JSON.stringify({ code: 1 }) }));
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.json.error!.message).toMatch(/^the enrolment request code: /);
    expect(changeCount()).toBe(before);
  });

  it('a body past the limit is refused (413) whether its length is declared or not, and its client reads why', async () => {
    const body = Array.from({ length: 20 }, () => `4000\r\n${'x'.repeat(0x4000)}\r\n`);
    const declared = `Content-Length: ${body.join('').length}`;
    for (const framing of ['Transfer-Encoding: chunked', declared]) {
      // The client is still sending when the answer comes, and reads it only later: the connection must not be reset meanwhile.
      const { text } = await raw([`POST /v1/enrol HTTP/1.1\r\nHost: x\r\n${framing}\r\nContent-Type: application/json\r\n\r\n`, ...body], {
        gapMs: 5,
        readAfterMs: 300,
      });
      expect(text).toMatch(/^HTTP\/1\.1 413 /);
      expect(text).toMatch(/^Connection: close\r$/im);
      expect(text).toContain('"code":"too_large"');
    }
  });

  it('a client that goes on sending a refused body is cut off after a few seconds', async () => {
    const chunk = `4000\r\n${'x'.repeat(0x4000)}\r\n`;
    const { text, ms } = await raw(['POST /v1/enrol HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', ...Array<string>(750).fill(chunk)], {
      gapMs: 20,
      waitMs: 20_000,
      deaf: true,
    });
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(ms).toBeLessThan(8_000);
  }, 30_000);

  it('a flood of headers is refused with 431 and a sentence', async () => {
    const flood = Array.from({ length: 400 }, (_, i) => `X-Flood-${i}: ${'y'.repeat(60)}\r\n`).join('');
    const { text } = await raw([`GET /v1/keys HTTP/1.1\r\nHost: x\r\n${flood}\r\n`]);
    expect(text).toMatch(/^HTTP\/1\.1 431 /);
    expect(text).toContain(`"message":"this request's headers are larger than the registry takes"`);
  });

  it('garbage instead of HTTP is 400 with a sentence', async () => {
    const { text } = await raw(['HELLO THERE\r\n\r\n']);
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(text).toContain('this is not an HTTP request the registry can read');
  });

  it('a body trickled too slowly is timed out with 408, and the registry goes on answering', async () => {
    const { text, ms } = await raw(['POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"co'], {
      waitMs: 25_000,
    });
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toContain(`"message":"this request's body did not arrive within 10 seconds"`);
    expect(ms).toBeLessThan(20_000);
    expect((await fetch(`${server.url}/v1/keys`)).status).toBe(200);
  }, 40_000);
});

describe('the registry over TLS', { timeout: 60_000 }, () => {
  it('serves https with --tls-cert and --tls-key, and refuses one without the other', async () => {
    const tls = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'visa-kiosk-tls-'));
    try {
      const cert = path.join(tls, 'cert.pem');
      const key = path.join(tls, 'key.pem');
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-keyout',
          key,
          '-out',
          cert,
        ],
        {
          stdio: 'ignore',
        },
      );
      expect(await registry(['serve', '--dir', dir, '--port', '0', '--tls-cert', cert])).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/^visa-kiosk registry serve: --tls-cert and --tls-key go together\n/),
      });
      // A registry of its own: one serve runs on a folder, and this file's plain one is running.
      const own = path.join(tls, 'registry');
      await makeRegistry(own, ['cedar']);
      const secure = await startRegistry(own, ['--tls-cert', cert, '--tls-key', key]);
      try {
        expect(secure.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
        const body = await new Promise<string>((resolve, reject) => {
          https
            .get(`${secure.url}/v1/directory`, { ca: fs.readFileSync(cert), servername: 'localhost', checkServerIdentity: () => undefined }, (response) => {
              let text = '';
              response.on('data', (d: Buffer) => (text += d));
              response.on('end', () => resolve(text));
            })
            .on('error', reject);
        });
        expect(JSON.parse(body)).toMatchObject({ alliance: 'Test Alliance', spaces: [{ id: 'cedar' }] });
      } finally {
        await secure.stop();
      }
    } finally {
      fs.rmSync(tls, { recursive: true, force: true });
    }
  });
});

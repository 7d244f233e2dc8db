import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../core/errors';
import { Kiosk } from '../../service/kiosk';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';
import { sleep } from '../fixtures/wait';

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A feed server that misbehaves in one chosen way. */
async function lyingServer(answer: (res: http.ServerResponse, body: Buffer) => void, body: Buffer) {
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((_req, res) => answer(res, body));
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/list.json`;
}

async function kioskOnSmallList() {
  const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'), { fetch: { stallTimeoutMs: 1000, retries: 0 } });
  cleanup.push(() => service.close());
  await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
  service.settings.set({ key: 'space.id', value: 'harbour' });
  return service;
}

describe('a feed server that lies (beyond test/integration/visa-sync.test.ts and feed-fetch.test.ts)', () => {
  const newer = Buffer.from(feedBytes(smallFeed({ sequence: 11 })));
  const cases: [string, (res: http.ServerResponse, body: Buffer) => void, RegExp][] = [
    [
      'a Content-Length shorter than the body',
      (res, body) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length - 40) });
        res.socket!.write(body.subarray(0, body.length));
        res.socket!.end();
      },
      /cut off|not valid JSON|truncated|does not match the HTTP\/1\.1 protocol/,
    ],
    [
      'a Content-Length longer than the body, then a hang-up',
      (res, body) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length + 5000) });
        res.write(body);
        setTimeout(() => res.socket!.destroy(), 50);
      },
      /cut off part-way/,
    ],
    [
      'gzip announced, plain text sent',
      (res, body) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': String(body.length) });
        res.end(body);
      },
      /damaged|compression/,
    ],
    [
      'a gzip body cut short, with a Content-Length to match',
      (res, body) => {
        const zipped = zlib.gzipSync(body).subarray(0, 200);
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': String(zipped.length) });
        res.end(zipped);
      },
      /damaged|compression|cut off|truncated|not valid JSON/,
    ],
    [
      'JSON declared, another format sent',
      (res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ format: 'coworking-visa/2', sequence: 99 }));
      },
      /format/,
    ],
  ];

  it.each(cases)('%s: refused in one sentence, the list unchanged, taps go on', async (_, answer, why) => {
    const service = await kioskOnSmallList();
    const url = await lyingServer(answer, newer);
    const error = await service.visaList.sync({ url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KioskError);
    expect((error as Error).message).toMatch(why);
    expect((error as Error).message).not.toContain('\n');
    expect(service.visaList.status()).toMatchObject({ sequence: 10, members: 6, lastError: (error as Error).message });
    expect(service.desk.checkin({ credential: 'CC-1' })).toMatchObject({ decision: 'admitted' });
  });

  it('a slow server (a trickle that never stalls): taps are answered at full speed meanwhile, and the list installs whole', async () => {
    const service = await kioskOnSmallList();
    const url = await lyingServer((res, body) => {
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: `"${crypto.randomUUID()}"` });
      let at = 0;
      const drip = setInterval(() => {
        res.write(body.subarray(at, at + 64));
        at += 64;
        if (at >= body.length) {
          clearInterval(drip);
          res.end();
        }
      }, 10);
    }, newer);
    const syncing = service.visaList.sync({ url });
    let settled = false;
    void syncing.finally(() => (settled = true)).catch(() => {});
    const latencies: number[] = [];
    while (!settled) {
      const started = performance.now();
      service.desk.checkin({ credential: 'CC-1' }, { dryRun: true });
      latencies.push(performance.now() - started);
      await sleep(20);
    }
    await expect(syncing).resolves.toMatchObject({ changed: true, sequence: 11 });
    expect(latencies.length).toBeGreaterThan(20);
    expect(Math.max(...latencies)).toBeLessThan(250);
    expect(service.visaList.status()).toMatchObject({ sequence: 11, members: 6, lastError: null });
  });
});

import fs from 'node:fs';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Kiosk } from '../../service/kiosk';
import { visaKiosk } from '../fixtures/cli';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();
const keys = crypto.generateKeyPairSync('ed25519');
const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const sign = (bytes: string) => crypto.sign(null, Buffer.from(bytes), keys.privateKey).toString('base64');

/** The alliance's static web server, on loopback: what it serves is set by each test. */
class FeedServer {
  feed = feedBytes(smallFeed({ sequence: 20 }));
  signature: string | null = sign(this.feed);
  mode: 'normal' | 'stall' | 'html' = 'normal';
  requests: { url: string; ifNoneMatch: string | undefined }[] = [];
  private server = http.createServer((req, res) => this.answer(req, res));
  private sockets = new Set<import('node:net').Socket>();
  url = '';

  async start() {
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/list.json`;
  }

  async stop() {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse) {
    this.requests.push({ url: req.url!, ifNoneMatch: req.headers['if-none-match'] });
    if (req.url === '/list.json.sig') {
      if (this.signature === null) res.writeHead(404).end();
      else res.writeHead(200, { 'Content-Type': 'text/plain' }).end(this.signature);
      return;
    }
    if (this.mode === 'html') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Site under maintenance</body></html>');
      return;
    }
    const etag = `"${crypto.createHash('sha256').update(this.feed).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag, 'Content-Length': Buffer.byteLength(this.feed) });
    if (this.mode === 'stall') res.write(this.feed.slice(0, 100));
    else res.end(this.feed);
  }
}

const running: { server: FeedServer; service: Kiosk }[] = [];
afterEach(async () => {
  for (const { server, service } of running.splice(0)) {
    await server.stop();
    await service.close();
  }
});

async function setUp(options: { key?: boolean } = {}) {
  const server = new FeedServer();
  await server.start();
  const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'), { fetch: { stallTimeoutMs: 300, retries: 0 } });
  running.push({ server, service });
  await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
  service.settings.set({ key: 'space.id', value: 'harbour' });
  service.settings.set({ key: 'visa.feedUrl', value: server.url });
  if (options.key !== false) service.settings.set({ key: 'visa.publicKey', value: publicKeyPem });
  return { server, service };
}

const expectOldList = (service: Kiosk) => {
  expect(service.visaList.status()).toMatchObject({ sequence: 10, members: 6 });
  expect(service.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted' });
};

describe('visa list sync from a real web server', () => {
  it('installs a signed feed, then costs one conditional request while it is unchanged', async () => {
    const { server, service } = await setUp();
    expect(await service.visaList.sync()).toMatchObject({ changed: true, sequence: 20, signed: true, lastError: null });
    expect(server.requests.map((r) => r.url)).toEqual(['/list.json', '/list.json.sig']);
    server.requests = [];
    const again = await service.visaList.sync();
    expect(again).toMatchObject({ changed: false, sequence: 20 });
    expect(server.requests).toEqual([{ url: '/list.json', ifNoneMatch: expect.stringMatching(/^"[0-9a-f]{16}"$/) }]);
  });

  it('a list file deleted by hand is downloaded whole at the next sync, not taken as "unchanged"', async () => {
    const { server, service: before } = await setUp();
    await before.visaList.sync();
    const file = before.db.name;
    running.splice(
      running.findIndex((r) => r.service === before),
      1,
    );
    await before.close();
    for (const name of fs.readdirSync(path.dirname(file)).filter((f) => f.includes('-list-'))) fs.rmSync(path.join(path.dirname(file), name));
    const service = Kiosk.open(file, { fetch: { stallTimeoutMs: 300, retries: 0 } });
    running.push({ server, service });
    expect(service.visaList.status()).toMatchObject({
      members: 0,
      lastError: expect.stringMatching(/was missing: the list is empty until the next import or sync$/),
    });
    expect(await service.visaList.sync()).toMatchObject({ changed: true, sequence: 20, members: 6, lastError: null });
    expect(service.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted' });
  });

  it('refuses a feed with one byte changed after signing, and keeps the installed list', async () => {
    const { server, service } = await setUp();
    server.feed = server.feed.replace('Ada Lovelace', 'Ada Lovelacf');
    await expect(service.visaList.sync()).rejects.toThrow(/signature does not match/);
    expectOldList(service);
    expect(service.visaList.status().lastError).toMatch(/signature does not match/);
  });

  it('refuses a feed signed with another key', async () => {
    const { server, service } = await setUp();
    server.signature = crypto.sign(null, Buffer.from(server.feed), crypto.generateKeyPairSync('ed25519').privateKey).toString('base64');
    await expect(service.visaList.sync()).rejects.toThrow(/signature does not match/);
    expectOldList(service);
  });

  it('refuses an unsigned feed once a key is configured', async () => {
    const { server, service } = await setUp();
    server.signature = null;
    await expect(service.visaList.sync()).rejects.toThrow(/no signature at .*list\.json\.sig, and a public key is configured/);
    expectOldList(service);
  });

  it('refuses a replayed older feed, even properly signed', async () => {
    const { server, service } = await setUp();
    server.feed = feedBytes(smallFeed({ sequence: 3 }));
    server.signature = sign(server.feed);
    await expect(service.visaList.sync()).rejects.toThrow(/sequence 3 is older than the installed list's 10: a roll-back is refused/);
    expectOldList(service);
  });

  it('gives up on a body that stalls, within the timeout, and keeps the list', async () => {
    const { server, service } = await setUp();
    server.mode = 'stall';
    const started = Date.now();
    await expect(service.visaList.sync()).rejects.toThrow(/stopped sending the feed part-way/);
    expect(Date.now() - started).toBeLessThan(3000);
    expectOldList(service);
  });

  it('refuses a web page served as the list', async () => {
    const { server, service } = await setUp({ key: false });
    server.mode = 'html';
    await expect(service.visaList.sync()).rejects.toThrow(/sent a web page, not a visa list/);
    expectOldList(service);
  });

  it('the running kiosk syncs by itself when started, and records a failure for staff to see', async () => {
    const { server, service } = await setUp();
    const changed = new Promise((resolve) => service.events.once('listChanged', resolve));
    service.visaList.startSync();
    expect(await changed).toMatchObject({ sequence: 20 });
    server.mode = 'html';
    service.settings.set({ key: 'visa.feedUrl', value: server.url.replace('list.json', 'other.json') });
    const failed = new Promise((resolve) => service.events.once('listChanged', resolve));
    service.visaList.startSync();
    expect(await failed).toMatchObject({ sequence: 20, lastError: expect.stringMatching(/web page, not a visa list/) });
  });

  it('with the network gone, says so and goes on deciding from the cache', async () => {
    const { server, service } = await setUp();
    await server.stop();
    await expect(service.visaList.sync()).rejects.toThrow(/connection refused/);
    expectOldList(service);
    expect(service.desk.checkin({ credential: 'CC-1' })).toMatchObject({ decision: 'admitted', visitId: 1 });
  });
});

describe('a replayed old signed list, through the command line', () => {
  const DAY = 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

  async function cliSetUp() {
    const server = new FeedServer();
    await server.start();
    const db = path.join(tempDir(), 'kiosk.db');
    const kiosk = (...args: string[]) => visaKiosk(['--db', db, ...args]);
    const set = await kiosk('config', 'set', 'visa.feedUrl', server.url);
    expect(set).toMatchObject({
      code: 0,
      stderr: 'visa-kiosk config set: warning: the feed URL is plain http: anyone on the way can hold back new lists or replay an old one; use https\n',
    });
    expect((await kiosk('config', 'set', 'visa.publicKey', '--', publicKeyPem)).code).toBe(0);
    return { server, kiosk, stop: () => server.stop() };
  }
  const status = async (kiosk: (...args: string[]) => Promise<{ stdout: string }>) =>
    JSON.parse((await kiosk('visa', 'status', '--json')).stdout) as Record<string, unknown>;

  // Each test runs a dozen CLI processes: generous room for a loaded machine.
  const CLI_TIMEOUT = 90_000;

  it(
    'is stale however often it is downloaded, by its signed generatedAt, with the age shown still from the last sync',
    async () => {
      const { server, kiosk, stop } = await cliSetUp();
      try {
        const monthOld = iso(Date.now() - 30 * DAY);
        server.feed = feedBytes(smallFeed({ sequence: 20, generatedAt: monthOld }));
        server.signature = sign(server.feed);
        const synced = await kiosk('visa', 'sync', '--json');
        expect(synced.code).toBe(0);
        expect(synced.stderr).toContain('visa-kiosk visa sync: warning: the feed URL is plain http');
        expect(JSON.parse(synced.stdout)).toMatchObject({ changed: true, sequence: 20, stale: true, staleReason: 'too_old' });
        // Asked again, the server answers "unchanged": a successful sync just now, of a month-old list.
        expect(JSON.parse((await kiosk('visa', 'sync', '--json')).stdout)).toMatchObject({ changed: false });
        const replayed = await status(kiosk);
        expect(replayed).toMatchObject({
          sequence: 20,
          generatedAt: monthOld,
          expiresAt: null,
          stale: true,
          staleReason: 'too_old',
          plainHttpFeed: true,
          lastError: null,
        });
        expect(replayed.ageSeconds).toBeLessThan(60);
        const text = await kiosk('visa', 'status');
        expect(text.stdout).toContain(`generated    ${monthOld}`);
        expect(text.stdout).toContain('STALE        the list was generated longer ago than visa.staleDays');
      } finally {
        await stop();
      }
    },
    CLI_TIMEOUT,
  );

  it(
    'a site may allow older lists (visa.staleDays, checked like any setting); a freshly generated list clears the warning',
    async () => {
      const { server, kiosk, stop } = await cliSetUp();
      try {
        server.feed = feedBytes(smallFeed({ sequence: 20, generatedAt: iso(Date.now() - 30 * DAY) }));
        server.signature = sign(server.feed);
        expect((await kiosk('visa', 'sync')).code).toBe(0);
        expect(await kiosk('config', 'set', 'visa.staleDays', 'soon')).toMatchObject({
          code: 1,
          stderr: 'visa-kiosk config set: visa.staleDays must be a number\n',
        });
        expect((await kiosk('config', 'set', 'visa.staleDays', '45')).code).toBe(0);
        expect(await status(kiosk)).toMatchObject({ stale: false });
        expect((await kiosk('config', 'set', 'visa.staleDays', '7')).code).toBe(0);
        server.feed = feedBytes(smallFeed({ sequence: 21, generatedAt: iso(Date.now() - 60_000) }));
        server.signature = sign(server.feed);
        expect((await kiosk('visa', 'sync')).code).toBe(0);
        expect(await status(kiosk)).toMatchObject({ sequence: 21, stale: false, staleReason: null });
      } finally {
        await stop();
      }
    },
    CLI_TIMEOUT,
  );

  it(
    'a list past its own expiresAt is stale; one dated hours ahead of this clock is a warning, not fresh',
    async () => {
      const { server, kiosk, stop } = await cliSetUp();
      try {
        const expiresAt = iso(Date.now() - 60_000);
        server.feed = feedBytes({ ...smallFeed({ sequence: 20, generatedAt: iso(Date.now() - DAY) }), expiresAt } as never);
        server.signature = sign(server.feed);
        expect((await kiosk('visa', 'sync')).code).toBe(0);
        expect(await status(kiosk)).toMatchObject({ expiresAt, stale: true, staleReason: 'expired' });

        server.feed = feedBytes(smallFeed({ sequence: 21, generatedAt: iso(Date.now() + 3 * 3_600_000) }));
        server.signature = sign(server.feed);
        expect((await kiosk('visa', 'sync')).code).toBe(0);
        expect(await status(kiosk)).toMatchObject({ sequence: 21, expiresAt: null, stale: true, staleReason: 'from_the_future' });
        expect((await kiosk('visa', 'status')).stdout).toContain("dated ahead of this kiosk's clock");
      } finally {
        await stop();
      }
    },
    CLI_TIMEOUT,
  );
});

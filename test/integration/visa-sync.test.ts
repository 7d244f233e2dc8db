import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Kiosk } from '../../service/kiosk';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';
import { FeedServer, publicKeyPem, sign } from './feed-server';

const tempDir = useTempDir();

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

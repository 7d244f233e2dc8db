import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastUnpublishedChange } from '../../registry/store/changes';
import { until } from '../fixtures/wait';
import { answer, enrol, makeRegistry, signedFetch, signedHeaders, startRegistry, type RunningRegistry } from '../fixtures/registry-server';

let dir: string;
let server: RunningRegistry;
let kiosk: { id: string; privateKey: crypto.KeyObject };

const sha256 = (bytes: Buffer | string) => crypto.createHash('sha256').update(bytes).digest('hex');

/** Files as the publisher leaves them in DIR/pub, signed with the registry's online key: sequences 1 and 2, the delta 1→2 only. */
function publish(pub: string) {
  const online = crypto.createPrivateKey(fs.readFileSync(path.join(dir, 'keys', 'online.key')));
  const envelope = (document: object) => {
    const signed = JSON.stringify(document);
    return JSON.stringify({ signed, sig: crypto.sign(null, Buffer.from(signed), online).toString('base64') });
  };
  fs.mkdirSync(pub, { recursive: true });
  const feed = Buffer.from(JSON.stringify({ format: 'coworking-visa/1', sequence: 2, generatedAt: new Date().toISOString(), spaces: [], members: [] }));
  const gz = zlib.gzipSync(feed);
  fs.writeFileSync(path.join(pub, 'feed-2.json.gz'), gz);
  const delta = JSON.stringify({
    format: 'coworking-visa-delta/1',
    from: 1,
    sequence: 2,
    spaces: { upsert: [], remove: [] },
    members: { upsert: [], remove: ['m-1'] },
  });
  fs.writeFileSync(path.join(pub, 'delta-2.json'), delta);
  const facts = { sha256: sha256(feed), bytes: feed.length };
  for (const sequence of [1, 2]) {
    const manifest = envelope({
      format: 'coworking-visa-manifest/1',
      sequence,
      generatedAt: new Date().toISOString(),
      keyVersion: 1,
      feed: facts,
      feedGz: { sha256: sha256(gz), bytes: gz.length },
      delta: sequence === 2 ? { from: 1, sha256: sha256(delta), bytes: delta.length } : null,
    });
    fs.writeFileSync(path.join(pub, `manifest-${sequence}.json`), manifest);
  }
  const manifestSha256 = sha256(fs.readFileSync(path.join(pub, 'manifest-2.json')));
  const expires = new Date(Date.now() + 6 * 3600_000).toISOString();
  fs.writeFileSync(path.join(pub, 'timestamp.json'), envelope({ format: 'coworking-visa-timestamp/1', sequence: 2, manifestSha256, expires, keyVersion: 1 }));
  return { gz, delta, manifest2: fs.readFileSync(path.join(pub, 'manifest-2.json'), 'utf8') };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'visa-kiosk-registry-'));
  const codes = await makeRegistry(dir, ['cedar']);
  server = await startRegistry(dir);
  kiosk = await enrol(server.url, codes.cedar!);
  // The running registry publishes the space and the enrolment itself; the tests below lay their
  // own files over its publications once it is done, so nothing of its overwrites them.
  const db = new Database(path.join(dir, 'registry.db'), { readonly: true });
  try {
    const timestampSequence = () => {
      const file = path.join(dir, 'pub', 'timestamp.json');
      return fs.existsSync(file)
        ? (JSON.parse((JSON.parse(fs.readFileSync(file, 'utf8')) as { signed: string }).signed) as { sequence: number }).sequence
        : null;
    };
    const newest = () => db.prepare('SELECT max(sequence) FROM publications').pluck().get() as number | null;
    await until(
      'the registry publishes its changes',
      () => lastUnpublishedChange(db) === null && newest() !== null && timestampSequence() === newest(),
      20_000,
    );
  } finally {
    db.close();
  }
}, 120_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the registry on loopback: what kiosks download', { timeout: 60_000 }, () => {
  it('says nothing is published yet while no publication is on disk', async () => {
    fs.rmSync(path.join(dir, 'pub', 'timestamp.json'));
    const poll = await signedFetch(server.url, kiosk, '/v1/timestamp');
    expect(poll).toMatchObject({
      status: 503,
      json: { error: { code: 'not_published', message: 'the registry has published no list yet: try again in a minute' } },
    });
  });

  it('serves the timestamp with an ETag and answers 304 when the kiosk has it', async () => {
    publish(path.join(dir, 'pub'));
    const first = await signedFetch(server.url, kiosk, '/v1/timestamp');
    expect(first.status).toBe(200);
    expect(first.text).toBe(fs.readFileSync(path.join(dir, 'pub', 'timestamp.json'), 'utf8'));
    const etag = first.headers.get('etag')!;
    expect(etag).toBe(`"${sha256(first.text)}"`);
    const again = await signedFetch(server.url, kiosk, '/v1/timestamp', { headers: { 'if-none-match': etag } });
    expect(again).toMatchObject({ status: 304, text: '' });
  });

  it('serves kept manifests, the latest full feed as gzip, and 404 for the rest', async () => {
    const { gz, manifest2 } = publish(path.join(dir, 'pub'));
    expect((await signedFetch(server.url, kiosk, '/v1/manifest/2')).text).toBe(manifest2);
    expect(await signedFetch(server.url, kiosk, '/v1/manifest/9')).toMatchObject({ status: 404, json: { error: { code: 'not_kept' } } });
    const response = await fetch(`${server.url}/v1/feed/2`, { headers: signedHeaders(kiosk, 'GET', '/v1/feed/2', '') });
    expect(response.headers.get('content-type')).toBe('application/gzip');
    expect(Buffer.from(await response.arrayBuffer()).equals(gz)).toBe(true);
    // A download that went well is not logged as a failure.
    await new Promise((r) => setTimeout(r, 200));
    expect(server.output()).not.toMatch(/GET \/v1\/feed\/2 failed/);
    const head = await signedFetch(server.url, kiosk, '/v1/feed/2', { method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, text: '' });
    expect(head.headers.get('content-length')).toBe(String(gz.length));
    expect(await signedFetch(server.url, kiosk, '/v1/feed/1')).toMatchObject({ status: 404, json: { error: { code: 'not_latest' } } });
    expect((await signedFetch(server.url, kiosk, '/v1/manifest/..%2Fkeys')).status).toBe(404);
  });

  it('serves the delta chain after a sequence, an empty chain when up to date, and 410 past the kept deltas', async () => {
    const { delta, manifest2 } = publish(path.join(dir, 'pub'));
    const chain = await signedFetch(server.url, kiosk, '/v1/deltas?from=1');
    expect(chain).toMatchObject({ status: 200, json: { chain: [{ manifest: JSON.parse(manifest2), delta }] } });
    expect((await signedFetch(server.url, kiosk, '/v1/deltas?from=2')).json).toEqual({ chain: [] });
    expect(await signedFetch(server.url, kiosk, '/v1/deltas?from=0')).toMatchObject({
      status: 410,
      json: { error: { code: 'too_old', message: 'the registry no longer keeps the changes after sequence 0: download the full list' } },
    });
    expect((await signedFetch(server.url, kiosk, '/v1/deltas')).status).toBe(400);
  });

  it('sends a kiosk more than 1000 publications behind to the full list', async () => {
    const pub = path.join(dir, 'pub');
    publish(pub);
    const timestamp = JSON.parse(fs.readFileSync(path.join(pub, 'timestamp.json'), 'utf8')) as { signed: string; sig: string };
    // Copied without blocking this process: a blocked event loop reuses a keep-alive connection the registry has just closed.
    const sequences = Array.from({ length: 1001 }, (_, i) => i + 3);
    const files = (sequence: number) => ['manifest', 'delta'].map((kind) => path.join(pub, `${kind}-${sequence}.json`));
    await Promise.all(sequences.flatMap((sequence) => files(sequence).map((file, i) => fs.promises.copyFile(files(2)[i]!, file))));
    // The registry reads the latest sequence from the timestamp's signed text; the signature is not its to check.
    fs.writeFileSync(path.join(pub, 'timestamp.json'), JSON.stringify({ ...timestamp, signed: timestamp.signed.replace('"sequence":2', '"sequence":1003') }));
    try {
      expect((await signedFetch(server.url, kiosk, '/v1/deltas?from=3')).json.chain).toHaveLength(1000);
      expect(await signedFetch(server.url, kiosk, '/v1/deltas?from=2')).toMatchObject({
        status: 410,
        json: { error: { code: 'too_far', message: '1001 publications came after sequence 2: download the full list, it is smaller' } },
      });
    } finally {
      await Promise.all(sequences.flatMap((sequence) => files(sequence).map((file) => fs.promises.rm(file))));
      publish(pub);
    }
  });

  it('never serves a list without a kiosk signature', async () => {
    for (const address of ['/v1/timestamp', '/v1/manifest/2', '/v1/feed/2', '/v1/deltas?from=1'])
      expect((await answer(await fetch(`${server.url}${address}`))).status).toBe(401);
  });
});

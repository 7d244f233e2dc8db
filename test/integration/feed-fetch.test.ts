import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../core/errors';
import { fetchFeed, type FetchOptions } from '../../service/visa-list/feed-fetch';

const FEED = '{"format":"coworking-visa/1","sequence":7,"spaces":[],"members":[]}';
const SIGNATURE = 'c2lnbmVk'.repeat(11);
const MB = 1024 * 1024;
const fast: FetchOptions = { wantSignature: false, connectTimeoutMs: 1000, stallTimeoutMs: 300, retries: 0, retryDelayMs: 10 };

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Closes every socket too, so a test that leaves a request hanging cannot hang the run. */
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function listen(server: http.Server): Promise<number> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as net.AddressInfo).port;
}

async function serve(handler: Handler) {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  const port = await listen(server);
  return { port, requests, url: `http://127.0.0.1:${port}/list.json` };
}

/** A forward proxy: undici tunnels even plain-http requests through CONNECT. */
async function proxy() {
  const tunnels: string[] = [];
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host = '', port = ''] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  });
  const port = await listen(server);
  return { tunnels, url: `http://127.0.0.1:${port}` };
}

async function failure(promise: Promise<unknown>): Promise<KioskError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(KioskError);
  return error as KioskError;
}

describe('fetching the visa list feed over HTTP', () => {
  it('downloads the feed with its ETag, then asks again conditionally and hears "unchanged"', async () => {
    const { url, requests } = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v7"') return res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/json', etag: '"v7"', 'last-modified': 'Sat, 21 Nov 2026 09:00:00 GMT' }).end(FEED);
    });
    const first = await fetchFeed(url, fast);
    expect(first).toEqual({ status: 'fetched', bytes: Buffer.from(FEED), signature: null, etag: '"v7"', lastModified: 'Sat, 21 Nov 2026 09:00:00 GMT' });
    const etag = first.status === 'fetched' ? first.etag : null;
    expect(await fetchFeed(url, { ...fast, etag, lastModified: 'Sat, 21 Nov 2026 09:00:00 GMT', wantSignature: true })).toEqual({ status: 'unchanged' });
    expect(requests.map((req) => req.headers['if-none-match'])).toEqual([undefined, '"v7"']);
    expect(requests[1]?.headers['if-modified-since']).toBe('Sat, 21 Nov 2026 09:00:00 GMT');
  });

  it('fetches the signature beside the feed, and refuses a feed without one when it is wanted', async () => {
    let signed = true;
    const { url, requests } = await serve((req, res) => {
      if (req.url === '/list.json') return res.end(FEED);
      if (req.url === '/list.json.sig' && signed) return res.end(SIGNATURE);
      res.writeHead(404).end();
    });
    expect(await fetchFeed(url, { ...fast, wantSignature: true })).toMatchObject({ status: 'fetched', signature: SIGNATURE });
    expect(requests.map((req) => req.url)).toEqual(['/list.json', '/list.json.sig']);
    signed = false;
    const error = await failure(fetchFeed(url, { ...fast, wantSignature: true }));
    expect(error.message).toBe(`the feed has no signature at ${url}.sig, and a public key is configured`);
  });

  it('refuses a signature file larger than 1 KB', async () => {
    const { url } = await serve((req, res) => res.end(req.url === '/list.json' ? FEED : 'A'.repeat(2000)));
    const error = await failure(fetchFeed(url, { ...fast, wantSignature: true }));
    expect(error.message).toBe(`the signature at ${url}.sig is larger than the 1 KB limit`);
  });

  it('names the HTTP status, retries a 5xx but never a 4xx', async () => {
    const answers = [404, 404, 500, 200];
    const { url, requests } = await serve((_req, res) => {
      const status = answers.shift() ?? 500;
      res.writeHead(status).end(status === 200 ? FEED : 'error');
    });
    expect((await failure(fetchFeed(url, { ...fast, retries: 2 }))).message).toBe(`the server answered 404 Not Found for ${url}`);
    expect(requests).toHaveLength(1);
    expect((await failure(fetchFeed(url, fast))).message).toBe(`the server answered 404 Not Found for ${url}`);
    expect(await fetchFeed(url, { ...fast, retries: 1 })).toMatchObject({ status: 'fetched', bytes: Buffer.from(FEED) });
    expect(requests).toHaveLength(4);
    const error = await failure(fetchFeed(url, { ...fast, retries: 2 }));
    expect(error.message).toBe(`the server answered 500 Internal Server Error for ${url}`);
    expect(requests).toHaveLength(7);
  });

  it('refuses a URL that is not http(s)', async () => {
    expect(await failure(fetchFeed('ftp://feeds.example/list.json', fast))).toMatchObject({
      code: 'invalid',
      message: 'ftp://feeds.example/list.json is not an http(s) URL',
    });
    expect((await failure(fetchFeed('list.json', fast))).message).toBe('list.json is not an http(s) URL');
  });

  it('says when nothing listens at the address', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const error = await failure(fetchFeed(`http://127.0.0.1:${port}/list.json`, { ...fast, retries: 1 }));
    expect(error.message).toBe(`nothing answers at 127.0.0.1:${port} (connection refused)`);
  });

  it('says when the host name does not resolve', async () => {
    const error = await failure(fetchFeed('http://feeds.invalid/list.json', fast));
    expect(error.message).toBe('cannot find the host feeds.invalid (DNS)');
  });

  it('gives up on a server that accepts the connection and never answers', async () => {
    const { url, port } = await serve(() => undefined);
    const started = Date.now();
    const error = await failure(fetchFeed(url, fast));
    expect(error.message).toBe(`no answer from 127.0.0.1:${port} within 0.3 s`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('says when the body stops half-way, whether the connection then closes or stays open', async () => {
    const { url } = await serve((req, res) => {
      res.writeHead(200, { 'content-length': FEED.length });
      res.write(FEED.slice(0, 20));
      if (req.url === '/list.json') setTimeout(() => res.socket?.destroy(), 50);
    });
    const host = new URL(url).host;
    const cut = await failure(fetchFeed(url, fast));
    expect(cut.message).toBe(`the feed download was cut off part-way (${host} closed the connection early)`);
    const stalled = await failure(fetchFeed(url.replace('list.json', 'stall.json'), fast));
    expect(stalled.message).toBe(`the server stopped sending the feed part-way (nothing for 0.3 s from ${host})`);
  });

  it('recognises a web page served instead of the feed', async () => {
    const { url } = await serve((req, res) => {
      if (req.url === '/list.json') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><h1>Oops</h1>');
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('\n  <html><body>Not found</body></html>');
    });
    const expected = (target: string) => `the server sent a web page, not a visa list, for ${target} (check the URL)`;
    expect((await failure(fetchFeed(url, fast))).message).toBe(expected(url));
    const other = url.replace('list.json', 'other.json');
    expect((await failure(fetchFeed(other, fast))).message).toBe(expected(other));
  });

  it('stops a gzip bomb at the size limit, counting decompressed bytes', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(50 * MB), { level: 1 });
    const { url } = await serve((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': bomb.length }).end(bomb));
    const started = Date.now();
    const error = await failure(fetchFeed(url, { ...fast, maxBytes: MB }));
    expect(error.message).toBe(`the feed at ${url} is larger than the 1 MB limit`);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('stops an endless body at the size limit and hangs up on the server', async () => {
    let clientLeft: () => void = () => undefined;
    const left = new Promise<void>((resolve) => (clientLeft = resolve));
    const { url } = await serve((_req, res) => {
      const chunk = Buffer.alloc(64 * 1024, 'a');
      res.on('close', clientLeft);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      pump();
    });
    const error = await failure(fetchFeed(url, { ...fast, maxBytes: MB }));
    expect(error.message).toBe(`the feed at ${url} is larger than the 1 MB limit`);
    await left;
  });

  describe('through a proxy from the environment', () => {
    const names = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
    const saved = new Map<string, string | undefined>();
    beforeEach(() => {
      for (const name of names) {
        saved.set(name, process.env[name]);
        delete process.env[name];
      }
    });
    afterEach(() => {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it('goes through HTTP_PROXY, unless NO_PROXY names the host', async () => {
      const { url, port } = await serve((_req, res) => res.end(FEED));
      const forward = await proxy();
      process.env.HTTP_PROXY = forward.url;
      expect(await fetchFeed(url, fast)).toMatchObject({ status: 'fetched', bytes: Buffer.from(FEED) });
      expect(forward.tunnels).toEqual([`127.0.0.1:${port}`]);
      process.env.NO_PROXY = '127.0.0.1';
      expect(await fetchFeed(url, fast)).toMatchObject({ status: 'fetched' });
      expect(forward.tunnels).toHaveLength(1);
    });
  });
});

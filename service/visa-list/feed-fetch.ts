import { STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher, Response } from 'undici';
import { KioskError, type ErrorDetail } from '../../core/errors.js';

export interface FetchOptions {
  /** Sent as If-None-Match. */
  etag?: string | null;
  /** Sent as If-Modified-Since. */
  lastModified?: string | null;
  /** Also fetch `${url}.sig`, the base64 Ed25519 signature text. */
  wantSignature: boolean;
  connectTimeoutMs?: number;
  /** How long without headers, or without body bytes, counts as a stall. */
  stallTimeoutMs?: number;
  /** Cap on the decompressed feed size. */
  maxBytes?: number;
  /** Extra attempts, only for network errors, timeouts and 5xx answers. */
  retries?: number;
  /** Delay before the first retry, doubling for each one after. */
  retryDelayMs?: number;
}

export type FetchResult =
  { status: 'unchanged' } | { status: 'fetched'; bytes: Buffer; signature: string | null; etag: string | null; lastModified: string | null };

const MB = 1024 * 1024;
const SIGNATURE_MAX_BYTES = 1024;

/** A failure worth another attempt: the network or the server may recover in a moment. */
class TransientError extends KioskError {
  constructor(message: string, detail: ErrorDetail) {
    super(message, 'refused', { detail });
  }
}

const refused = (status: number | null): { detail: ErrorDetail } => ({ detail: { what: 'feed_refused', status } });

interface Download {
  url: URL;
  /** What is downloaded, for messages: "feed" or "signature". */
  what: string;
  fetch: typeof import('undici').fetch;
  dispatcher: Dispatcher;
  headers: Record<string, string>;
  maxBytes: number;
  tooLarge: string;
  notFound: string;
  connectTimeoutMs: number;
  stallTimeoutMs: number;
}

/** Downloads the visa list feed (and its signature), conditionally on the stored ETag / Last-Modified. */
export async function fetchFeed(url: string, options: FetchOptions): Promise<FetchResult> {
  const target = httpUrl(url);
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const stallTimeoutMs = options.stallTimeoutMs ?? 20_000;
  const maxBytes = options.maxBytes ?? 512 * MB;
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  // undici is loaded on the first sync, not by every command that never fetches anything.
  const { EnvHttpProxyAgent, fetch } = await import('undici');
  // Built per call: the agent reads HTTP_PROXY / HTTPS_PROXY when constructed, and settings may change.
  const dispatcher = new EnvHttpProxyAgent({
    connect: { timeout: connectTimeoutMs },
    headersTimeout: stallTimeoutMs,
    bodyTimeout: stallTimeoutMs,
  });
  const common = { fetch, dispatcher, connectTimeoutMs, stallTimeoutMs };
  const headers: Record<string, string> = {};
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  try {
    const feed = await withRetries(retries, retryDelayMs, () =>
      download({
        ...common,
        url: target,
        what: 'feed',
        headers,
        maxBytes,
        tooLarge: `the feed at ${target.href} is larger than the ${Number((maxBytes / MB).toPrecision(3))} MB limit`,
        notFound: `the server answered 404 Not Found for ${target.href}`,
      }),
    );
    if (feed === 'unchanged') return { status: 'unchanged' };
    let signature: string | null = null;
    if (options.wantSignature) {
      const sigUrl = `${target.href}.sig`;
      const sig = await withRetries(retries, retryDelayMs, () =>
        download({
          ...common,
          url: httpUrl(sigUrl),
          what: 'signature',
          headers: {},
          maxBytes: SIGNATURE_MAX_BYTES,
          tooLarge: `the signature at ${sigUrl} is larger than the 1 KB limit`,
          notFound: `the feed has no signature at ${sigUrl}, and a public key is configured`,
        }),
      );
      // Nothing conditional was asked, so "unchanged" can only be a confused server.
      if (sig === 'unchanged') throw new KioskError(`the server answered 304 Not Modified for ${sigUrl}`, 'refused', refused(304));
      signature = sig.bytes.toString('utf8');
    }
    return { status: 'fetched', bytes: feed.bytes, signature, etag: feed.etag, lastModified: feed.lastModified };
  } finally {
    await dispatcher.destroy();
  }
}

function httpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new KioskError(`${text} is not an http(s) URL`, 'invalid', { detail: { what: 'setting', setting: 'visa.feedUrl', problem: { kind: 'not_a_url' } } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new KioskError(`${text} is not an http(s) URL`, 'invalid', { detail: { what: 'setting', setting: 'visa.feedUrl', problem: { kind: 'not_a_url' } } });
  return url;
}

async function withRetries<T>(retries: number, delayMs: number, attempt: () => Promise<T>): Promise<T> {
  for (let tried = 0; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof TransientError) || tried >= retries) throw error;
      await sleep(delayMs * 2 ** tried);
    }
  }
}

type Downloaded = 'unchanged' | { bytes: Buffer; etag: string | null; lastModified: string | null };

async function download(d: Download): Promise<Downloaded> {
  let response: Response;
  try {
    response = await d.fetch(d.url, { dispatcher: d.dispatcher, headers: d.headers });
  } catch (error) {
    throw networkFailure(error, d, 'answer');
  }
  if (response.status === 304) {
    await response.body?.cancel();
    return 'unchanged';
  }
  if (response.status === 404) {
    await response.body?.cancel();
    throw new KioskError(d.notFound, 'not_found', refused(404));
  }
  if (!response.ok) {
    await response.body?.cancel();
    const message = `the server answered ${response.status} ${STATUS_CODES[response.status] ?? response.statusText} for ${d.url.href}`;
    throw response.status >= 500 ? new TransientError(message, refused(response.status).detail) : new KioskError(message, 'refused', refused(response.status));
  }
  const notHtml = `the server sent a web page, not a ${d.what === 'feed' ? 'visa list' : d.what}, for ${d.url.href} (check the URL)`;
  if (/^\s*(text\/html|application\/xhtml\+xml)\b/i.test(response.headers.get('content-type') ?? '')) {
    await response.body?.cancel();
    throw new KioskError(notHtml, 'invalid', refused(null));
  }
  const bytes = await readCapped(response, d, notHtml);
  return { bytes, etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
}

/** Streams the body, stopping as soon as it passes the cap so a gzip bomb or an endless body is never buffered. */
async function readCapped(response: Response, d: Download, notHtml: string): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let sawContent = false;
  for (;;) {
    const chunk = await reader.read().catch((error: unknown) => {
      throw networkFailure(error, d, 'body');
    });
    if (chunk.done) return Buffer.concat(chunks, total);
    const bytes: Uint8Array = chunk.value;
    total += bytes.length;
    if (total > d.maxBytes) {
      await reader.cancel();
      throw new KioskError(d.tooLarge, 'invalid', { detail: { what: 'feed_too_large' } });
    }
    if (!sawContent) {
      const first = bytes.find((byte) => !isSpace(byte));
      if (first !== undefined) {
        sawContent = true;
        // Servers often answer a wrong path with a 200 HTML page; say so rather than "not JSON".
        if (first === 0x3c) {
          await reader.cancel();
          throw new KioskError(notHtml, 'invalid', refused(null));
        }
      }
    }
    chunks.push(bytes);
  }
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

interface CauseFields {
  code?: unknown;
  message?: unknown;
  hostname?: unknown;
  address?: unknown;
  port?: unknown;
}

/** Turns undici's "fetch failed" / "terminated" (the real reason is in `.cause`) into one line the user can act on. */
function networkFailure(error: unknown, d: Download, phase: 'answer' | 'body'): KioskError {
  if (error instanceof KioskError) return error;
  const inner = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const cause: CauseFields = typeof inner === 'object' && inner !== null ? inner : {};
  const code = typeof cause.code === 'string' ? cause.code : '';
  const host = d.url.host;
  const seconds = (ms: number) => `${ms / 1000} s`;
  const unreachable: ErrorDetail = { what: 'feed_unreachable', host: d.url.hostname };
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new TransientError(`cannot find the host ${typeof cause.hostname === 'string' ? cause.hostname : d.url.hostname} (DNS)`, unreachable);
    case 'ECONNREFUSED':
      return new TransientError(
        `nothing answers at ${typeof cause.address === 'string' ? hostPort(cause.address, cause.port) : host} (connection refused)`,
        unreachable,
      );
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new TransientError(`no answer from ${host} within ${seconds(d.connectTimeoutMs)}`, unreachable);
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new TransientError(`no answer from ${host} within ${seconds(d.stallTimeoutMs)}`, unreachable);
    case 'UND_ERR_BODY_TIMEOUT':
      return new TransientError(`the server stopped sending the ${d.what} part-way (nothing for ${seconds(d.stallTimeoutMs)} from ${host})`, unreachable);
  }
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE') {
    return new TransientError(
      phase === 'body'
        ? `the ${d.what} download was cut off part-way (${host} closed the connection early)`
        : `${host} closed the connection without answering`,
      unreachable,
    );
  }
  if (code.startsWith('Z_'))
    return new KioskError(`the ${d.what} from ${d.url.href} is damaged: its compression cannot be undone`, 'refused', { detail: { what: 'feed_invalid' } });
  const reason = typeof cause.message === 'string' ? cause.message : String(error);
  return new TransientError(`the ${d.what} download from ${d.url.href} failed: ${reason}`, unreachable);
}

function hostPort(address: string, port: unknown): string {
  return `${address.includes(':') ? `[${address}]` : address}:${String(port)}`;
}

import crypto from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Dispatcher } from 'undici';
import { KioskError, type RegistryUnreachable } from '../../core/errors.js';
import { formatAuthorization, requestSigningText } from '../../core/registry/request-signing.js';
import type { KioskKey } from './kiosk-key.js';

export interface ClientOptions {
  connectTimeoutMs?: number;
  /** How long without headers, or without body bytes, counts as a stall. */
  stallTimeoutMs?: number;
  /** Cap on one response body. */
  maxBytes?: number;
  now?: () => Date;
}

export interface Signer {
  kioskId: string;
  key: KioskKey;
}

export interface RegistryResponse {
  status: number;
  etag: string | null;
  body: Buffer;
}

/** A refusal by the registry, with its HTTP status, in the registry's own sentence and code (null when the answer had none). */
export class RegistryRefusal extends KioskError {
  constructor(
    message: string,
    readonly status: number,
    readonly registryCode: string | null = null,
  ) {
    super(message, status === 404 ? 'not_found' : 'refused', { detail: { what: 'feed_refused', status } });
  }
}

const MB = 1024 * 1024;

/**
 * Talks to an alliance registry over HTTP(S), through the proxy the environment names, with
 * timeouts; with a signer, every request carries the kiosk's signature over method, path, time,
 * a fresh nonce and the body's hash (core/registry/request-signing.ts). It counts the body bytes
 * it receives, as they came over the wire, for `visa status`'s lastSync.
 */
export class RegistryClient {
  /** Response body bytes received so far. */
  received = 0;
  private dispatcher: Dispatcher | null = null;
  private readonly base: URL;

  constructor(
    url: string,
    private readonly signer: Signer | null,
    private readonly options: ClientOptions = {},
  ) {
    this.base = registryUrl(url);
  }

  get host(): string {
    return this.base.host;
  }

  /** GET, PUT, POST, PATCH or DELETE; `accept` lists statuses that are answers rather than refusals (beside 2xx). */
  async request(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; accept?: number[] } = {},
  ): Promise<RegistryResponse> {
    const url = new URL(this.base.pathname.replace(/\/$/, '') + path, this.base);
    const body = options.body === undefined ? null : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (body) headers['content-type'] = 'application/json';
    if (this.signer) headers.authorization = this.authorization(method, url.pathname + url.search, body);
    const { request, EnvHttpProxyAgent } = await import('undici');
    const stall = this.options.stallTimeoutMs ?? 20_000;
    // Built on first use: the agent reads HTTP_PROXY / HTTPS_PROXY / NO_PROXY when constructed.
    this.dispatcher ??= new EnvHttpProxyAgent({ connect: { timeout: this.options.connectTimeoutMs ?? 10_000 }, headersTimeout: stall, bodyTimeout: stall });
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, { method: method as Dispatcher.HttpMethod, headers, body, dispatcher: this.dispatcher });
    } catch (error) {
      throw this.unreachable(error);
    }
    const bytes = await this.readBody(response, url);
    const etag = response.headers.etag;
    const answer = { status: response.statusCode, etag: typeof etag === 'string' ? etag : null, body: bytes };
    if ((response.statusCode >= 200 && response.statusCode < 300) || options.accept?.includes(response.statusCode)) return answer;
    throw new RegistryRefusal(refusalSentence(answer, url), response.statusCode, refusalCode(answer));
  }

  /** A JSON answer's body. */
  async json(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await this.request(method, path, body === undefined ? {} : { body });
    try {
      return JSON.parse(response.body.toString('utf8'));
    } catch {
      throw new KioskError(`the registry at ${this.base.host} answered ${path} with something that is not JSON: check the URL`);
    }
  }

  async close(): Promise<void> {
    await this.dispatcher?.destroy();
    this.dispatcher = null;
  }

  private authorization(method: string, path: string, body: Buffer | null): string {
    const { kioskId, key } = this.signer!;
    const time = Math.floor((this.options.now?.() ?? new Date()).getTime() / 1000);
    const nonce = crypto.randomBytes(16).toString('base64url');
    const bodySha256 = crypto
      .createHash('sha256')
      .update(body ?? Buffer.alloc(0))
      .digest('hex');
    const text = requestSigningText({ method, path, time, nonce, bodySha256 });
    const sig = crypto.sign(null, Buffer.from(text), key.privateKey).toString('base64');
    return formatAuthorization({ kiosk: kioskId, time, nonce, sig });
  }

  private async readBody(response: Dispatcher.ResponseData, url: URL): Promise<Buffer> {
    const max = this.options.maxBytes ?? 512 * MB;
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of response.body) {
        const bytes = chunk as Buffer;
        total += bytes.length;
        this.received += bytes.length;
        if (total > max) {
          response.body.destroy();
          throw new KioskError(`the registry's answer to ${url.pathname} is larger than the ${max / MB} MB limit`, 'invalid');
        }
        chunks.push(bytes);
      }
    } catch (error) {
      throw this.unreachable(error, 'body');
    }
    return Buffer.concat(chunks, total);
  }

  private unreachable(error: unknown, phase: 'answer' | 'body' = 'answer'): KioskError {
    if (error instanceof KioskError) return error;
    const cause = (error as { cause?: { code?: unknown } }).cause ?? error;
    const code = String((cause as { code?: unknown }).code ?? (error as { code?: unknown }).code ?? '');
    const host = this.base.host;
    const why: RegistryUnreachable | null =
      code === 'ECONNREFUSED'
        ? 'refused'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'dns'
          : code.includes('TIMEOUT')
            ? 'timeout'
            : phase === 'body'
              ? 'cut_off'
              : null;
    // A registry is not only where the list comes from: publishing and pass links reach it too, so the words name the registry, not a fetch.
    return new KioskError(
      `the registry at ${host} cannot be reached (${why === null ? (error as Error).message : UNREACHABLE_WORDS[why]}): check the URL and the network, and try again`,
      'refused',
      { detail: { what: 'registry_unreachable', host, why } },
    );
  }
}

const UNREACHABLE_WORDS: Record<RegistryUnreachable, string> = {
  refused: 'connection refused',
  dns: 'its name is not found (DNS)',
  timeout: 'no answer in time',
  cut_off: 'the answer was cut off part-way',
};

export function registryUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new KioskError(`${text} is not an http(s) URL`, 'invalid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new KioskError(`${text} is not an http(s) URL`, 'invalid');
  return url;
}

/** The registry's own sentence when it gave one (`{"error": {"message"}}`), else the status in words. */
function refusalCode(response: RegistryResponse): string | null {
  try {
    const code = (JSON.parse(response.body.toString('utf8')) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' && /^[a-z_]{1,40}$/.test(code) ? code : null;
  } catch {
    return null;
  }
}

function refusalSentence(response: RegistryResponse, url: URL): string {
  try {
    const message = (JSON.parse(response.body.toString('utf8')) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string' && message.trim() !== '') return message.trim();
  } catch {
    // Not the registry's JSON: a proxy's page, or another server at that address.
  }
  return `the registry answered ${response.status} ${STATUS_CODES[response.status] ?? ''} for ${url.pathname}: check the URL`.replace(/ {2}/, ' ');
}

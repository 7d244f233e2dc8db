import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { formatAuthorization, requestSigningText } from '../core/registry/request-signing.js';
import { loadKeys } from '../registry/keys/keys-document.js';
import { lastUnpublishedChange } from '../registry/store/changes.js';
import { makeEnrolmentCode } from '../registry/store/codes.js';
import { openRegistryDb } from '../registry/store/open.js';
import { startUntil, type Started } from './child.js';

/** Linux's USER_HZ, the unit of the CPU times in /proc/PID/stat. */
const CLOCK_TICKS = 100;

const EMPTY_SHA256 = crypto.createHash('sha256').update('').digest('hex');

/** A kiosk's id and key, as the registry knows it. */
export interface BenchKiosk {
  id: string;
  privateKey: crypto.KeyObject;
}

/** `registry serve` on the bench's alliance, as its own process on a free loopback port. */
export class ServedRegistry {
  private constructor(
    readonly dir: string,
    readonly url: string,
    private readonly process: Started,
  ) {}

  static async start(registryCli: string, dir: string): Promise<ServedRegistry> {
    const started = await startUntil(process.execPath, [registryCli, 'serve', '--dir', dir, '--port', '0'], / at (http:\/\/\S+)/);
    return new ServedRegistry(dir, started.match[1]!.replace(/\/$/, ''), started);
  }

  /** A one-time enrolment code for `space`, as `registry space code` makes one. */
  async code(space: string): Promise<string> {
    const db = openRegistryDb(this.dir);
    try {
      return makeEnrolmentCode(db, space, (await loadKeys(this.dir)).rootFingerprint).code;
    } finally {
      db.close();
    }
  }

  /** Waits until every change that alters the list is published: what follows starts from a quiet registry. */
  async settled(timeoutMs = 300_000): Promise<void> {
    const db = openRegistryDb(this.dir);
    try {
      const deadline = Date.now() + timeoutMs;
      while (lastUnpublishedChange(db) !== null) {
        if (Date.now() > deadline) throw new Error(`the registry still had unpublished changes after ${timeoutMs / 1000} s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      db.close();
    }
  }

  /** A kiosk of `space` enrolled through /v1/enrol with a key of its own. */
  async enrol(space: string): Promise<BenchKiosk> {
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    const publicKey = crypto.createPublicKey(privateKey).export({ format: 'jwk' }).x!;
    const response = await fetch(`${this.url}/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: await this.code(space), publicKey, name: 'bench' }),
    });
    const body = (await response.json()) as { kioskId?: string };
    if (response.status !== 201 || !body.kioskId) throw new Error(`enrolment at the registry failed (${response.status}): ${JSON.stringify(body)}`);
    return { id: body.kioskId, privateKey };
  }

  /** A request signed by `kiosk` exactly as a kiosk signs it. */
  signed(kiosk: BenchKiosk, method: string, pathAndQuery: string, body = '', headers: Record<string, string> = {}): Promise<Response> {
    const time = Math.floor(Date.now() / 1000);
    const nonce = crypto.randomBytes(16).toString('base64url');
    const text = requestSigningText({ method, path: pathAndQuery, time, nonce, bodySha256: crypto.createHash('sha256').update(body).digest('hex') });
    const sig = crypto.sign(null, Buffer.from(text), kiosk.privateKey).toString('base64');
    return fetch(`${this.url}${pathAndQuery}`, {
      method,
      headers: { authorization: formatAuthorization({ kiosk: kiosk.id, time, nonce, sig }), ...(body && { 'content-type': 'application/json' }), ...headers },
      ...(body && { body }),
    });
  }

  /** The Authorization header of a request signed by `kiosk` now, as `signed` makes it. */
  sign(kiosk: BenchKiosk, method: string, pathAndQuery: string, body?: Buffer): string {
    const time = Math.floor(Date.now() / 1000);
    const nonce = crypto.randomBytes(16).toString('base64url');
    const bodySha256 = body ? crypto.createHash('sha256').update(body).digest('hex') : EMPTY_SHA256;
    const text = requestSigningText({ method, path: pathAndQuery, time, nonce, bodySha256 });
    const sig = crypto.sign(null, Buffer.from(text), kiosk.privateKey).toString('base64');
    return formatAuthorization({ kiosk: kiosk.id, time, nonce, sig });
  }

  /**
   * A PUT signed beforehand (`sign`) of bytes read beforehand, sent with node:http: the space
   * publishing is another machine, so reading, hashing and encoding megabytes must not stall the
   * poll figure's client; its status and body.
   */
  put(authorization: string, pathAndQuery: string, body: Buffer): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const headers = { authorization, 'content-type': 'application/json', 'content-length': body.length };
      const request = http.request(`${this.url}${pathAndQuery}`, { method: 'PUT', headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.once('error', reject);
      });
      request.once('error', reject);
      request.end(body);
    });
  }

  /** CPU time the registry process has used so far (all its threads), in milliseconds; null where /proc cannot say. */
  cpuMs(): number | null {
    try {
      const fields = fs.readFileSync(`/proc/${this.process.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    } catch {
      return null;
    }
  }

  stop(): Promise<void> {
    return this.process.stop();
  }
}

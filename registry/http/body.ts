import crypto from 'node:crypto';
import type http from 'node:http';
import { HTTP_TIMEOUTS } from './limits.js';
import { BAD_JSON_BODY, NO_JSON_BODY } from '../store/refusal.js';
import { Refusal } from './reply.js';

const tooLarge = (limit: number) =>
  new Refusal(
    413,
    'too_large',
    limit === 0 ? 'this request takes no body' : `this request's body is larger than the registry takes here (${Math.round(limit / 1024)} KB at most)`,
    { Connection: 'close' },
  );

/** A request's body and its SHA-256 (hex), which a signed request covers. */
export interface Body {
  bytes: Buffer;
  sha256: string;
}

/** What a request with no body reads as: every kiosk's poll, so it is made once. */
const NO_BODY: Readonly<Body> = Object.freeze({ bytes: Buffer.alloc(0), sha256: crypto.createHash('sha256').digest('hex') });

/**
 * A declared length up to this is filled chunk by chunk into a buffer of that length, made at the
 * first chunk (a client that sends nothing is given nothing): a roster of megabytes is then never
 * copied in one piece on the thread answering polls, and, being the body's own memory, moves to
 * the writer thread uncopied. Larger bodies are gathered and joined at the end.
 */
const FILLED_MAX_BYTES = 16 * 1024 * 1024;

/**
 * The whole body, or a refusal: too large (413, before any of it is held), or too slow to arrive
 * (408). Hashed as it arrives, so a roster of megabytes never holds up the other requests in one piece.
 */
export function readBody(request: http.IncomingMessage, limit: number): Promise<Body> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  if (declared === 0 && request.headers['transfer-encoding'] === undefined) return Promise.resolve(NO_BODY);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let filled: Buffer | null = null;
    const hash = crypto.createHash('sha256');
    let size = 0;
    const timer = setTimeout(
      () => fail(new Refusal(408, 'timeout', `this request's body did not arrive within ${HTTP_TIMEOUTS.bodyMs / 1000} seconds`, { Connection: 'close' })),
      HTTP_TIMEOUTS.bodyMs,
    );
    const fail = (refusal: Refusal) => {
      clearTimeout(timer);
      request.removeAllListeners('data');
      // Read on and drop what still comes: closing on unread bytes would reset the connection before the client reads why.
      request.resume();
      reject(refusal);
    };
    request.on('data', (chunk: Buffer) => {
      const at = size;
      size += chunk.length;
      if (size > limit) return fail(tooLarge(limit));
      if (at === 0 && declared > 0 && declared <= FILLED_MAX_BYTES) filled = Buffer.allocUnsafeSlow(declared);
      if (filled) chunk.copy(filled, at);
      else chunks.push(chunk);
      hash.update(chunk);
    });
    request.once('end', () => {
      clearTimeout(timer);
      resolve({ bytes: filled ? filled.subarray(0, size) : Buffer.concat(chunks), sha256: hash.digest('hex') });
    });
    request.once('error', () => fail(new Refusal(400, 'bad_request', 'the connection broke while the body was sent')));
  });
}

/** The body as JSON, or 400 saying it is not. */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0) throw new Refusal(400, 'bad_json', NO_JSON_BODY);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new Refusal(400, 'bad_json', BAD_JSON_BODY);
  }
}

import type http from 'node:http';
import { HTTP_TIMEOUTS } from './limits.js';
import { Refusal } from './reply.js';

const tooLarge = (limit: number) =>
  new Refusal(
    413,
    'too_large',
    limit === 0 ? 'this request takes no body' : `this request's body is larger than the registry takes here (${Math.round(limit / 1024)} KB at most)`,
    { Connection: 'close' },
  );

/** The whole body, or a refusal: too large (413, before any of it is held), or too slow to arrive (408). */
export function readBody(request: http.IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
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
      size += chunk.length;
      if (size > limit) fail(tooLarge(limit));
      else chunks.push(chunk);
    });
    request.once('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    request.once('error', () => fail(new Refusal(400, 'bad_request', 'the connection broke while the body was sent')));
  });
}

/** The body as JSON, or 400 saying it is not. */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0) throw new Refusal(400, 'bad_json', 'this request needs a JSON body, and it has none');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new Refusal(400, 'bad_json', 'the request body is not valid JSON');
  }
}

import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wav': 'audio/wav',
};

/** The same policy the Electron window sets: our own scripts only, the API socket on this host. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/**
 * The file a decoded path names inside `root`, or null: a path outside it, a folder, a missing
 * file, or one the file system refuses ("%00", "/index.html/x", a 300-character name).
 */
async function fileInside(root: string, decodedPath: string): Promise<string | null> {
  const wanted = path.resolve(root, `.${decodedPath}`);
  if (!wanted.startsWith(root + path.sep)) return null;
  try {
    return (await fs.promises.stat(wanted)).isFile() ? wanted : null;
  } catch {
    return null;
  }
}

/** Serves the built renderer (`root` absolute, the request's path already decoded); unknown paths get index.html so the app's own routes load. */
export async function serveStatic(
  root: string,
  decodedPath: string,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  gone: AbortSignal,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const file = (await fileInside(root, decodedPath)) ?? path.join(root, 'index.html');
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file);
  } catch {
    response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The kiosk page is not built: run `npm run build`.\n');
    return;
  }
  try {
    response.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': (await handle.stat()).size,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    // A client that goes away mid-file ends the pipeline with an error (`gone` when this answer was still queued): nothing to answer then.
    if (request.method === 'GET') await pipeline(handle.createReadStream({ autoClose: false }), response, { signal: gone }).catch(() => response.destroy());
    else response.end();
  } finally {
    await handle.close();
  }
}

import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Refusal } from '../http/reply.js';

/** The console's page is built into dist/renderer beside the kiosk's; vite names it after its entry. */
export const CONSOLE_PAGE = 'registry-console.html';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/** Our own scripts and styles only, and requests to this registry alone. */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Sends the console page (`name` null) or one of its built assets from `root` (dist/renderer). */
export async function sendConsoleFile(root: string, name: string | null, response: http.ServerResponse): Promise<void> {
  if (name !== null && !/^[\w-]+(\.[\w-]+)*$/.test(name)) throw new Refusal(404, 'not_found', 'there is nothing at this address');
  const file = name === null ? path.join(root, CONSOLE_PAGE) : path.join(root, 'assets', name);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file);
  } catch {
    if (name === null) throw new Refusal(503, 'not_built', 'the console page is not built: run `npm run build` where the registry is installed');
    throw new Refusal(404, 'not_found', 'there is nothing at this address');
  }
  try {
    response.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': String((await handle.stat()).size),
      'Content-Security-Policy': CONSOLE_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': name === null ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    await pipeline(handle.createReadStream({ autoClose: false }), response).catch(() => response.destroy());
  } finally {
    await handle.close();
  }
}

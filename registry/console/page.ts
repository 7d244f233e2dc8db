import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
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

interface ConsoleFiles {
  page: Buffer;
  assets: Map<string, Buffer>;
}

const held = new Map<string, ConsoleFiles>();

/**
 * The console's page and the built assets beside it, read once and served from memory: a request
 * opens no file, so clients holding many unread requests cannot fill the thread pool the
 * registry's own work needs. Until the page is built nothing is kept, and the next request looks again.
 */
function consoleFiles(root: string): ConsoleFiles | null {
  const known = held.get(root);
  if (known) return known;
  let page: Buffer;
  try {
    page = fs.readFileSync(path.join(root, CONSOLE_PAGE));
  } catch {
    return null;
  }
  const assets = new Map<string, Buffer>();
  const folder = path.join(root, 'assets');
  const entries = fs.existsSync(folder) ? fs.readdirSync(folder, { withFileTypes: true }) : [];
  for (const entry of entries) {
    if (entry.isFile() && /^[\w-]+(\.[\w-]+)*$/.test(entry.name)) assets.set(entry.name, fs.readFileSync(path.join(folder, entry.name)));
  }
  const files = { page, assets };
  held.set(root, files);
  return files;
}

/** Sends the console page (`name` null) or one of its built assets from `root` (dist/renderer). */
export function sendConsoleFile(root: string, name: string | null, response: http.ServerResponse): void {
  const files = consoleFiles(root);
  if (!files) {
    if (name === null) throw new Refusal(503, 'not_built', 'the console page is not built: run `npm run build` where the registry is installed');
    throw new Refusal(404, 'not_found', 'there is nothing at this address');
  }
  const body = name === null ? files.page : files.assets.get(name);
  if (!body) throw new Refusal(404, 'not_found', 'there is nothing at this address');
  response.writeHead(200, {
    'Content-Type': TYPES[path.extname(name ?? CONSOLE_PAGE)] ?? 'application/octet-stream',
    'Content-Length': String(body.length),
    'Content-Security-Policy': CONSOLE_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': name === null ? 'no-store' : 'public, max-age=31536000, immutable',
  });
  response.end(body);
}

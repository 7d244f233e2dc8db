import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';

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

/** A built renderer is under a megabyte; a file far larger than that is no page of ours. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

interface StaticFile {
  body: Buffer;
  headers: Record<string, string | number>;
}

/**
 * The built renderer (`root`, absolute), held in memory and served from there: a request opens
 * no file and waits on no thread. Read per request, a device sending hundreds of requests it
 * never reads held a file and a chunk of it for each, filled the thread pool, and kept the
 * kiosk's own screen waiting seconds for its page. Read at the first request, so a page built
 * later is found; a rebuild under a running kiosk is served after it restarts.
 */
export class StaticFiles {
  private files: Map<string, StaticFile> | null = null;

  constructor(private readonly root: string) {}

  /** Serves the file a decoded path names; unknown paths get index.html so the app's own routes load. */
  serve(decodedPath: string, request: http.IncomingMessage, response: http.ServerResponse): void {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const files = this.loaded();
    // A hashed asset that is not here is a page from an older build asking: the page would not do as its script.
    if (/^\/assets\/[^/]+$/.test(decodedPath) && !files.has(decodedPath)) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('There is no such file here.\n');
      return;
    }
    const file = files.get(decodedPath) ?? files.get('/index.html');
    if (!file) {
      response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The kiosk page is not built: run `npm run build`.\n');
      return;
    }
    response.writeHead(200, file.headers);
    // The same buffer for every answer: one queued for a client that never reads holds no copy of it.
    if (request.method === 'GET') response.end(file.body);
    else response.end();
  }

  private loaded(): Map<string, StaticFile> {
    // Until the page is built there is nothing to keep: look again at the next request.
    if (!this.files?.has('/index.html')) this.files = readTree(this.root);
    return this.files;
  }
}

/** Every regular file under `root`, keyed by its path from there ("/assets/index-….js"); a root that cannot be read holds none. */
function readTree(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true, recursive: true });
  } catch {
    return files;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath ?? entry.path, entry.name);
    try {
      if (fs.statSync(full).size > MAX_FILE_BYTES) continue;
      const body = fs.readFileSync(full);
      // Pages are fetched anew each time, so a rebuild's page names its own assets; assets carry their hash in their name.
      const isPage = path.extname(full) === '.html';
      files.set(`/${path.relative(root, full).split(path.sep).join('/')}`, {
        body,
        headers: {
          'Content-Type': TYPES[path.extname(full)] ?? 'application/octet-stream',
          'Content-Length': body.length,
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'X-Content-Type-Options': 'nosniff',
          'Referrer-Policy': 'no-referrer',
          'Cache-Control': isPage ? 'no-store' : 'public, max-age=31536000, immutable',
        },
      });
    } catch {
      // A file gone or unreadable since the folder was listed is not served.
    }
  }
  return files;
}

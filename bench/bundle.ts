import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * The kiosk page's production JavaScript (dist/renderer), as shipped and as gzip sends it; the
 * registry's console page built beside it is not the kiosk's. `initialGzipBytes`: the part
 * index.html loads before the welcome screen shows (its module script and preloads), without
 * chunks a screen loads when it opens.
 */
export function rendererBundle(root: string): { files: number; bytes: number; gzipBytes: number; initialGzipBytes: number } {
  if (!fs.existsSync(root)) throw new Error(`${root} is missing: build the kiosk page first (npx vite build --app)`);
  const html = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.m?js)"/g)].map((m) => path.join(root, m[1]!)));
  let files = 0;
  let bytes = 0;
  let gzipBytes = 0;
  let initialGzipBytes = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.m?js$/.test(entry.name) && !entry.name.startsWith('registry-console')) {
        const content = fs.readFileSync(file);
        const gzipped = zlib.gzipSync(content).length;
        files++;
        bytes += content.length;
        gzipBytes += gzipped;
        if (initial.has(file)) initialGzipBytes += gzipped;
      }
    }
  };
  walk(root);
  return { files, bytes, gzipBytes, initialGzipBytes };
}

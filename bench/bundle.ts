import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** The kiosk page's production JavaScript (dist/renderer), as shipped and as gzip sends it; the registry's console page built beside it is not the kiosk's. */
export function rendererBundle(root: string): { files: number; bytes: number; gzipBytes: number } {
  if (!fs.existsSync(root)) throw new Error(`${root} is missing: build the kiosk page first (npx vite build --app)`);
  let files = 0;
  let bytes = 0;
  let gzipBytes = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.m?js$/.test(entry.name) && !entry.name.startsWith('registry-console')) {
        const content = fs.readFileSync(file);
        files++;
        bytes += content.length;
        gzipBytes += zlib.gzipSync(content).length;
      }
    }
  };
  walk(root);
  return { files, bytes, gzipBytes };
}

#!/usr/bin/env node
// The command line is built by `npm run build` (run by `npm install`) into dist/node.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/node/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('visa-kiosk: not built yet: run `npm install` (or `npm run build`) in the project folder\n');
  process.exit(1);
}
await import(cli.href);

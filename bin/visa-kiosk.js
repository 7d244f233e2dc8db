#!/usr/bin/env node
// The command line is built by `npm run build` (run by `npm install`) into dist/node.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// `visa-kiosk registry …` is the alliance registry's own command line (registry/cli).
const cli = new URL(process.argv[2] === 'registry' ? '../dist/node/registry-cli.js' : '../dist/node/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('visa-kiosk: not built yet: run `npm install` (or `npm run build`) in the project folder\n');
  process.exit(1);
}
await import(cli.href);

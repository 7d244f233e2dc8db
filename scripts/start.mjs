// The README's start command (`npm start`): installs on first run, then opens the kiosk with
// demo data: the Electron app where its binary can be had, the same kiosk in a browser otherwise.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { prepareElectronNatives } from '../electron/native-modules.mjs';
import { ensureSystemPackages, installNodeModules } from './system-packages.mjs';

if (!fs.existsSync('node_modules/.package-lock.json') || !fs.existsSync('dist/node/cli.js')) {
  ensureSystemPackages(['build', 'run']);
  installNodeModules();
}

// Resolving `electron` fetches its binary on first use; the answer is either a path or a failure.
const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { encoding: 'utf8' });
const electron = probe.status === 0 && fs.existsSync(probe.stdout) ? probe.stdout : null;

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

// better-sqlite3 needs a build for Electron's ABI beside Node's (electron/native-modules.mjs).
const unavailable = electron ? prepareElectronNatives(process.cwd()) : 'Electron is not available on this machine (its binary could not be downloaded)';

if (unavailable === null) {
  run(electron, ['.']);
} else {
  console.log(`${unavailable}: serving the same kiosk in browser mode.`);
  const port = process.env.PORT ?? '4317';
  run(process.execPath, ['bin/visa-kiosk.js', 'serve', '--demo', '--port', port]);
}

// `npm run dist`: the kiosk's installers for this OS, in release/ (Linux: AppImage and deb;
// Windows: NSIS). Checks first what electron-builder will need and says in one line what is
// missing; then builds (vite build --app), runs electron-builder, and gives the command line and
// the tests Node's build of better-sqlite3 back (electron-builder's npmRebuild compiled it for
// Electron in place). The decisions are in dist-plan.mjs.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  builderToolsUrl,
  debMetadata,
  downloadMessage,
  electronBuilderArgs,
  electronHeadersUrl,
  electronZipName,
  electronZipUrl,
  planDist,
} from './dist-plan.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function fail(line) {
  console.error(`npm run dist: ${line}`);
  process.exit(1);
}

const plan = planDist(process.argv.slice(2), process.platform);
if (plan.error) fail(plan.error);

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
let metadata = null;
if (plan.targets.includes('deb')) {
  metadata = debMetadata(process.env, pkg);
  if (metadata.error) fail(metadata.error);
}

let electronVersion;
try {
  electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
} catch {
  fail('node_modules/electron is missing: run npm install first');
}
const arch = process.arch === 'arm' ? 'armv7l' : process.arch;
const zipName = electronZipName(electronVersion, plan.electronPlatform, arch);

/** @electron/get's cache (where `npm install` put Electron's zip, if it could), then ELECTRON_CACHE. */
function electronCacheFolders() {
  const home = os.homedir();
  const defaultRoot =
    process.platform === 'win32'
      ? path.join(process.env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'electron', 'Cache')
      : process.platform === 'darwin'
        ? path.join(home, 'Library', 'Caches', 'electron')
        : path.join(process.env.XDG_CACHE_HOME || path.join(home, '.cache'), 'electron');
  return [process.env.ELECTRON_CACHE, process.env.electron_config_cache, defaultRoot].filter(Boolean);
}

/** A folder holding Electron's zip already: the folder itself or one level down (@electron/get hashes its folders). */
function findElectronZip() {
  for (const folder of electronCacheFolders()) {
    if (fs.existsSync(path.join(folder, zipName))) return path.join(folder, zipName);
    let entries;
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const file = path.join(folder, entry.name, zipName);
      if (entry.isDirectory() && fs.existsSync(file)) return file;
    }
  }
  return null;
}

/** The zip's SHA-256 against the one the electron package was published with. */
function checkZip(file) {
  let expected;
  try {
    expected = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'checksums.json'), 'utf8'))[zipName];
  } catch {
    return null;
  }
  if (!expected) return null;
  const actual = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  return actual === expected
    ? null
    : `${file} is not Electron's ${zipName} (its SHA-256 differs from node_modules/electron/checksums.json): delete it and try again`;
}

/** null when the address answers (any status below 400, redirects included), else why not. */
async function unreachable(url, { anyAnswer = false } = {}) {
  const { fetch, EnvHttpProxyAgent } = require('undici');
  // Through the proxy, when the machine has one (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), as electron-builder would go.
  const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((name) => process.env[name]);
  const dispatcher = proxied && EnvHttpProxyAgent ? new EnvHttpProxyAgent() : undefined;
  try {
    const response = await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(15_000), dispatcher });
    if (anyAnswer || response.status < 400) return null;
    return `HTTP ${response.status}`;
  } catch (error) {
    const cause = error.cause ?? error;
    return cause.code ? `${cause.code}${cause.hostname ? ` ${cause.hostname}` : ''}` : (cause.message ?? String(cause));
  }
}

function hasFiles(folder) {
  try {
    return fs.readdirSync(folder).length > 0;
  } catch {
    return false;
  }
}

// Electron itself: a zip already here is used as it is; otherwise electron-builder downloads it.
let electronDist = null;
const cachedZip = findElectronZip();
if (cachedZip) {
  const wrong = checkZip(cachedZip);
  if (wrong) fail(wrong);
  electronDist = path.dirname(cachedZip);
  console.log(`npm run dist: using ${cachedZip}`);
}

if (plan.downloadCheck) {
  const checks = [];
  if (!electronDist) {
    const url = electronZipUrl(electronVersion, plan.electronPlatform, arch, process.env);
    checks.push(unreachable(url).then((reason) => reason && downloadMessage('electron', { version: electronVersion, zipName, url, reason })));
  }
  if (!fs.existsSync(path.join(os.homedir(), '.electron-gyp', electronVersion, 'include'))) {
    const url = electronHeadersUrl(electronVersion);
    checks.push(unreachable(url).then((reason) => reason && downloadMessage('headers', { version: electronVersion, url, reason })));
  }
  const builderCache =
    process.env.ELECTRON_BUILDER_CACHE ||
    (process.platform === 'win32'
      ? path.join(process.env.LOCALAPPDATA || os.tmpdir(), 'electron-builder', 'Cache')
      : path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'electron-builder'));
  if (!hasFiles(builderCache)) {
    const url = builderToolsUrl(process.env);
    checks.push(unreachable(url, { anyAnswer: true }).then((reason) => reason && downloadMessage('tools', { url, reason })));
  }
  const problem = (await Promise.all(checks)).find(Boolean);
  if (problem) fail(problem);
}

function run(command, args, options = {}) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options }).status ?? 1;
}

// npm itself, as `npm run` started this script (npm.cmd on Windows needs a shell otherwise).
function npm(args) {
  const npmCli = process.env.npm_execpath;
  if (npmCli && /npm-cli\.js$/.test(npmCli)) return run(process.execPath, [npmCli, ...args]);
  return run('npm', args, { shell: process.platform === 'win32' });
}

// vite's bin, found through its package.json (the package does not export bin/).
const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
if (run(process.execPath, [vite, 'build', '--app']) !== 0) fail('vite build --app failed (above)');

const builder = run(process.execPath, [require.resolve('electron-builder/cli.js'), ...electronBuilderArgs(plan, metadata, electronDist)]);

// npmRebuild compiled better-sqlite3 for Electron in place: Node's build back for the CLI and the tests.
const rebuilt = npm(['rebuild', 'better-sqlite3']);
if (rebuilt !== 0) console.error('npm run dist: npm rebuild better-sqlite3 failed: run it again before using the command line or the tests');

if (builder !== 0) fail('electron-builder failed (above)');
const artifacts = fs.readdirSync(path.join(root, 'release')).filter((name) => /\.(AppImage|deb|exe)$/.test(name));
console.log(`npm run dist: release/ holds ${artifacts.join(', ')}`);
process.exit(rebuilt === 0 ? 0 : 1);

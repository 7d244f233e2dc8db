// Native modules for Electron, beside Node's. Plain JavaScript: `npm start` runs this before
// anything is built. serialport and node-hid are N-API modules, which load in any runtime as
// they are. better-sqlite3 talks to V8 directly, so it needs one build per ABI: Node's (the
// command line, the tests) and Electron's (the app, its list worker included).
//
// Both builds live in better-sqlite3's own folder, where its loader (`bindings`) looks for the
// running runtime's ABI: lib/binding/node-v<ABI>-<platform>-<arch>/ (node-pre-gyp's layout).
// Every runtime tries build/Release first, so Node's build moves from there to its own ABI
// folder. No code path changes: each runtime, in every thread, simply finds its own build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const ADDON = 'better_sqlite3.node';
const SOURCES = ['package.json', 'binding.gyp', 'src', 'deps'];

/** Where `bindings` looks for the build of one ABI. */
export function abiFolder(moduleDir, abi, platform = process.platform, arch = process.arch) {
  return path.join(moduleDir, 'lib', 'binding', `node-v${abi}-${platform}-${arch}`);
}

/** The installed Electron's version and module ABI (the `electron` package records both). */
export function electronTarget(root) {
  const dir = path.join(root, 'node_modules', 'electron');
  const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return { version, abi: fs.readFileSync(path.join(dir, 'abi_version'), 'utf8').trim() };
}

function loadsInThisNode(file) {
  try {
    process.dlopen({ exports: {} }, file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Compiles a staged copy of better-sqlite3 against Electron's headers, which node-gyp downloads
 * once from electronjs.org. Returns null, or one line saying why it failed (the full log is kept).
 */
export function compileForElectron(staged, electron, cacheDir) {
  const nodeGyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  // npm hands node-gyp its nodedir (Node's headers) through the environment: the wrong headers here.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key.toLowerCase() !== 'npm_config_nodedir'));
  const args = [
    'rebuild',
    '--release',
    `--target=${electron.version}`,
    `--arch=${process.arch}`,
    '--dist-url=https://electronjs.org/headers',
    `--devdir=${path.join(cacheDir, 'headers')}`,
  ];
  const run = spawnSync(process.execPath, [nodeGyp, ...args], { cwd: staged, env, encoding: 'utf8', timeout: 15 * 60_000 });
  const logFile = path.join(staged, 'build.log');
  fs.writeFileSync(logFile, `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? `${run.error.message}\n` : ''}`);
  if (run.status === 0) return null;
  const log = fs.readFileSync(logFile, 'utf8');
  const download = /^gyp http GET (\S+)$/m.exec(log);
  const cause =
    download && log.includes('got an error')
      ? `Electron's headers could not be downloaded from ${download[1]}`
      : (/^gyp ERR! stack (.*)$/m.exec(log)?.[1] ?? run.error?.message ?? `node-gyp exited with ${run.status}`);
  return `better-sqlite3 could not be built for Electron ${electron.version} (${cause.trim()}; log: ${path.relative(process.cwd(), logFile)})`;
}

/**
 * Makes better-sqlite3 loadable by Electron without breaking it for Node. Builds Electron's copy
 * once (in node_modules/.electron-natives/) and puts both builds in their ABI folders. Returns
 * null when Electron can start, or one line saying why not; changes nothing for Node until
 * Electron's build exists.
 */
export function prepareElectronNatives(root, { compile = compileForElectron, nodeAbi = process.versions.modules } = {}) {
  const moduleDir = path.join(root, 'node_modules', 'better-sqlite3');
  const nodeBuild = path.join(moduleDir, 'build', 'Release', ADDON);
  // electron-builder's npmRebuild compiles build/Release for Electron in place: that one is not Node's to move.
  if (fs.existsSync(nodeBuild) && !loadsInThisNode(nodeBuild)) {
    return `${path.relative(root, nodeBuild)} is not built for this Node (after packaging?): run npm rebuild better-sqlite3`;
  }
  const electron = electronTarget(root);
  const electronAddon = path.join(abiFolder(moduleDir, electron.abi), ADDON);
  if (!fs.existsSync(electronAddon)) {
    const cacheDir = path.join(root, 'node_modules', '.electron-natives');
    const staged = path.join(cacheDir, `better-sqlite3-electron-${electron.version}`);
    fs.rmSync(staged, { recursive: true, force: true });
    for (const entry of SOURCES) fs.cpSync(path.join(moduleDir, entry), path.join(staged, entry), { recursive: true });
    const failure = compile(staged, electron, cacheDir);
    if (failure) return failure;
    fs.mkdirSync(path.dirname(electronAddon), { recursive: true });
    fs.copyFileSync(path.join(staged, 'build', 'Release', ADDON), electronAddon);
  }
  if (fs.existsSync(nodeBuild)) {
    const nodeAddon = path.join(abiFolder(moduleDir, nodeAbi), ADDON);
    fs.mkdirSync(path.dirname(nodeAddon), { recursive: true });
    // A rename, so a Node process looking meanwhile finds one of the two, never a half-copied file.
    fs.renameSync(nodeBuild, nodeAddon);
  }
  return null;
}

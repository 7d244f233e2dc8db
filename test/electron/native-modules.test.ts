import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { abiFolder, prepareElectronNatives, type ElectronTarget } from '../../electron/native-modules.mjs';
import { useTempDir } from '../fixtures/temp';

const require = createRequire(import.meta.url);
const NODE_ADDON = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
const ELECTRON_ABI = '150';
/** better-sqlite3's own loader, as it looks for its addon from a package folder. */
const bindings = require('bindings') as (options: { bindings: string; module_root: string; path?: boolean; nodePreGyp?: string }) => unknown;

describe("Electron's build of better-sqlite3, beside Node's", () => {
  const tempDir = useTempDir();
  let root: string;
  let moduleDir: string;
  const nodeBuild = () => path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
  const electronBuild = () => path.join(abiFolder(moduleDir, ELECTRON_ABI), 'better_sqlite3.node');
  /** Stands in for node-gyp: "compiles" by writing a recognisable file where node-gyp would. */
  const compile = vi.fn((staged: string, _electron: ElectronTarget, _cacheDir: string): string | null => {
    fs.mkdirSync(path.join(staged, 'build', 'Release'), { recursive: true });
    fs.writeFileSync(path.join(staged, 'build', 'Release', 'better_sqlite3.node'), 'built for electron');
    return null;
  });

  beforeEach(() => {
    compile.mockClear();
    root = tempDir();
    const electronDir = path.join(root, 'node_modules', 'electron');
    fs.mkdirSync(electronDir, { recursive: true });
    fs.writeFileSync(path.join(electronDir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
    fs.writeFileSync(path.join(electronDir, 'abi_version'), `${ELECTRON_ABI}\n`);
    moduleDir = path.join(root, 'node_modules', 'better-sqlite3');
    for (const dir of ['src', 'deps', 'build/Release']) fs.mkdirSync(path.join(moduleDir, dir), { recursive: true });
    fs.writeFileSync(path.join(moduleDir, 'package.json'), JSON.stringify({ name: 'better-sqlite3' }));
    fs.writeFileSync(path.join(moduleDir, 'binding.gyp'), '{}');
    fs.writeFileSync(path.join(moduleDir, 'src', 'better_sqlite3.cpp'), '');
    fs.copyFileSync(NODE_ADDON, nodeBuild());
  });

  it("builds Electron's copy from a staged copy of the sources, and puts each build in its ABI folder", () => {
    expect(prepareElectronNatives(root, { compile })).toBeNull();
    const [staged, electron] = compile.mock.calls[0]!;
    expect(staged).toBe(path.join(root, 'node_modules', '.electron-natives', 'better-sqlite3-electron-45.4.1'));
    expect(electron).toEqual({ version: '45.4.1', abi: ELECTRON_ABI });
    expect(fs.readdirSync(staged).sort()).toEqual(['binding.gyp', 'build', 'deps', 'package.json', 'src']);
    expect(fs.readFileSync(electronBuild(), 'utf8')).toBe('built for electron');
    expect(fs.existsSync(nodeBuild())).toBe(false);
    expect(fs.existsSync(path.join(abiFolder(moduleDir, process.versions.modules), 'better_sqlite3.node'))).toBe(true);
  });

  it("leaves each runtime finding its own build: Node loads Node's, Electron's ABI resolves to Electron's", () => {
    prepareElectronNatives(root, { compile });
    const addon = bindings({ bindings: 'better_sqlite3.node', module_root: moduleDir }) as { Database: unknown };
    expect(typeof addon.Database).toBe('function');
    const electronLookup = bindings({
      bindings: 'better_sqlite3.node',
      module_root: moduleDir,
      path: true,
      nodePreGyp: `node-v${ELECTRON_ABI}-${process.platform}-${process.arch}`,
    });
    expect(electronLookup).toBe(electronBuild());
  });

  it('builds once', () => {
    prepareElectronNatives(root, { compile });
    expect(prepareElectronNatives(root, { compile })).toBeNull();
    expect(compile).toHaveBeenCalledOnce();
  });

  it('moves a fresh Node build (after npm rebuild) to its folder again', () => {
    prepareElectronNatives(root, { compile });
    fs.copyFileSync(NODE_ADDON, nodeBuild());
    expect(prepareElectronNatives(root, { compile })).toBeNull();
    expect(fs.existsSync(nodeBuild())).toBe(false);
  });

  it("changes nothing for Node when Electron's build cannot be made, and says why", () => {
    compile.mockReturnValueOnce("better-sqlite3 could not be built for Electron 45.4.1 (Electron's headers could not be downloaded)");
    expect(prepareElectronNatives(root, { compile })).toMatch(/headers could not be downloaded/);
    expect(fs.existsSync(nodeBuild())).toBe(true);
    expect(fs.existsSync(path.join(moduleDir, 'lib'))).toBe(false);
  });

  it('refuses to move a build/Release that is not built for this Node (packaging compiles it for Electron in place)', () => {
    fs.writeFileSync(nodeBuild(), 'built for electron by electron-builder');
    expect(prepareElectronNatives(root, { compile })).toMatch(/not built for this Node.*npm rebuild better-sqlite3/);
    expect(compile).not.toHaveBeenCalled();
    expect(fs.readFileSync(nodeBuild(), 'utf8')).toBe('built for electron by electron-builder');
  });
});

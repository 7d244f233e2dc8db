// What would break a real package, checked without building one (this machine cannot download
// Electron): electron-builder.yml as electron-builder itself reads and validates it, the files it
// points at, the deb's install scripts, the udev rule against the readers docs/operators.md documents,
// the deb's dependencies against what the native modules link, and `npm run dist`'s decisions.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { debMetadata, downloadMessage, electronBuilderArgs, electronZipName, electronZipUrl, planDist, PLATFORMS } from '../../scripts/dist-plan.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const at = (...parts: string[]) => path.join(root, ...parts);
// electron-builder's own modules, resolved as electron-builder resolves them.
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const libRequire = createRequire(builderRequire.resolve('app-builder-lib/package.json'));

interface Resource {
  from?: string;
  to?: string;
}
interface BuilderConfig {
  files?: unknown;
  linux?: { target?: string[]; executableName?: string; extraResources?: Array<Resource | string> };
  win?: { target?: string[] };
  deb?: { afterInstall?: string; afterRemove?: string; depends?: string[] };
  [key: string]: unknown;
}

const { getConfig, validateConfiguration } = libRequire('./out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
};
const { DebugLogger } = builderRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const validate = (config: BuilderConfig) => validateConfiguration(config, new DebugLogger(false));

let config: BuilderConfig;
beforeAll(async () => {
  config = await getConfig(root, null, null);
});

/** The udev rule the Linux packages carry, as electron-builder.yml names it. */
function ruleResource(): { from: string; to: string } {
  const resources = (config.linux?.extraResources ?? []).filter((r): r is Resource => typeof r === 'object' && /\.rules$/.test(r.from ?? ''));
  expect(resources, 'linux.extraResources should ship exactly one udev rule').toHaveLength(1);
  return { from: resources[0]!.from!, to: resources[0]!.to! };
}

describe('electron-builder.yml', () => {
  it("loads with electron-builder's own loader and passes its schema", async () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    await expect(validate(config)).resolves.toBeUndefined();
    // The schema does catch a misspelt key, so passing it means something.
    await expect(validate({ ...config, deb: { ...config.deb, afterInstal: 'x' } as never })).rejects.toThrow(/configuration\.deb/);
  });

  it('points only at files that exist', () => {
    const referenced: string[] = [];
    const pathKeys = new Set([
      'afterInstall',
      'afterRemove',
      'from',
      'icon',
      'include',
      'script',
      'license',
      'installerIcon',
      'uninstallerIcon',
      'installerHeader',
      'installerHeaderIcon',
      'appArmorProfile',
    ]);
    const walk = (value: unknown, key: string) => {
      if (Array.isArray(value)) value.forEach((item) => walk(item, key));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
      else if (typeof value === 'string' && pathKeys.has(key)) referenced.push(value);
    };
    walk(config, '');
    expect(referenced).toEqual(expect.arrayContaining(['build/linux/after-install.sh', 'build/linux/after-remove.sh', ruleResource().from]));
    for (const file of referenced) expect(fs.existsSync(at(file)), `${file} (named in electron-builder.yml)`).toBe(true);
  });

  it('packs what the app loads: the build, package.json and its entry point', () => {
    const pkg = JSON.parse(fs.readFileSync(at('package.json'), 'utf8')) as { main: string };
    const files = JSON.stringify(config.files);
    expect(files).toContain('dist/**');
    expect(files).toContain('package.json');
    expect(pkg.main.startsWith('dist/')).toBe(true);
  });

  it("keeps electron-builder's default deb dependencies, which setting depends replaces", () => {
    const FpmTarget = (libRequire('./out/targets/FpmTarget.js') as { default: { prototype: { getDefaultDepends(target: string): string[] } } }).default;
    const defaults = FpmTarget.prototype.getDefaultDepends('deb');
    expect(defaults.length).toBeGreaterThan(0);
    expect(config.deb?.depends).toEqual(expect.arrayContaining(defaults));
  });
});

/** The DT_NEEDED entries of an ELF shared object, or null for any other file. */
function neededLibraries(file: string): string[] | null {
  const buf = fs.readFileSync(file);
  if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46 || buf[5] !== 1) return null;
  const is64 = buf[4] === 2;
  const word = (offset: number) => (is64 ? Number(buf.readBigUInt64LE(offset)) : buf.readUInt32LE(offset));
  const shoff = word(is64 ? 0x28 : 0x20);
  const shentsize = buf.readUInt16LE(is64 ? 0x3a : 0x2e);
  const shnum = buf.readUInt16LE(is64 ? 0x3c : 0x30);
  const section = (i: number) => {
    const base = shoff + i * shentsize;
    return {
      type: buf.readUInt32LE(base + 4),
      offset: word(base + (is64 ? 0x18 : 0x10)),
      size: word(base + (is64 ? 0x20 : 0x14)),
      link: buf.readUInt32LE(base + (is64 ? 0x28 : 0x18)),
    };
  };
  const needed: string[] = [];
  for (let i = 0; i < shnum; i++) {
    const dynamic = section(i);
    if (dynamic.type !== 6 /* SHT_DYNAMIC */) continue;
    const strtab = section(dynamic.link);
    const entry = is64 ? 16 : 8;
    for (let at = dynamic.offset; at + entry <= dynamic.offset + dynamic.size; at += entry) {
      const tag = is64 ? Number(buf.readBigInt64LE(at)) : buf.readInt32LE(at);
      if (tag === 0) break;
      if (tag !== 1 /* DT_NEEDED */) continue;
      const start = strtab.offset + word(at + entry / 2);
      needed.push(buf.toString('latin1', start, buf.indexOf(0, start)));
    }
  }
  return needed;
}

/** Every .node file of the production dependencies (what electron-builder packs), glibc Linux builds only. */
function productionAddons(): string[] {
  const lock = JSON.parse(fs.readFileSync(at('package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && depth < 6) walk(full, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.node') && !/android|musl|darwin|win32|lib[\\/]binding/.test(full)) found.push(full);
    }
  };
  for (const [key, entry] of Object.entries(lock.packages)) if (key.startsWith('node_modules/') && !entry.dev) walk(at(key), 0);
  return found;
}

describe('the deb on a fresh Debian or Ubuntu', () => {
  // glibc and libstdc++ are on every Debian and Ubuntu system (apt itself needs them).
  const BASE = /^(libc|libm|libpthread|libdl|librt)\.so\.\d+$|^libstdc\+\+\.so\.6$|^libgcc_s\.so\.1$|^ld-linux/;
  // The Debian package each library the native modules link comes in.
  const PACKAGE_OF: Record<string, string> = { 'libusb-1.0.so.0': 'libusb-1.0-0', 'libudev.so.1': 'libudev1', 'libcups.so.2': 'libcups2' };

  it.skipIf(process.platform !== 'linux')('depends on every library the packed native modules link (node-hid, the printer module…)', () => {
    const linked = new Map<string, string>();
    for (const file of productionAddons())
      for (const soname of neededLibraries(file) ?? []) if (!BASE.test(soname)) linked.set(soname, path.relative(root, file));
    // The scan sees the modules it must: node-hid's libusb build and the printer module's CUPS.
    expect([...linked.keys()]).toEqual(expect.arrayContaining(['libusb-1.0.so.0', 'libcups.so.2']));
    for (const [soname, file] of linked) {
      const pkg = PACKAGE_OF[soname];
      expect(pkg, `${file} links ${soname}: add its Debian package to deb.depends and to PACKAGE_OF`).toBeDefined();
      expect(config.deb?.depends, `${soname} (${file})`).toContain(pkg);
    }
  });
});

describe("the deb's install scripts", () => {
  const script = (name: 'afterInstall' | 'afterRemove') => fs.readFileSync(at(config.deb![name]!), 'utf8');
  const template = (name: string) => fs.readFileSync(libRequire.resolve(`./templates/linux/${name}`), 'utf8').replace(/^#!.*\n/, '');

  it("contain electron-builder's own scripts whole, which they replace (the /usr/bin link, chrome-sandbox, AppArmor)", () => {
    expect(script('afterInstall')).toContain(template('after-install.tpl'));
    expect(script('afterRemove')).toContain(template('after-remove.tpl'));
  });

  it('use only the macros electron-builder fills in (it stops at any other)', () => {
    for (const name of ['afterInstall', 'afterRemove'] as const) {
      const macros = new Set([...script(name).matchAll(/\$\{([a-zA-Z]+)\}/g)].map((m) => m[1]));
      expect(
        [...macros].filter((m) => !['executable', 'sanitizedProductName', 'productFilename'].includes(m!)),
        name,
      ).toEqual([]);
    }
  });

  it.skipIf(process.platform === 'win32')('are executable bash scripts that bash can parse', () => {
    for (const name of ['afterInstall', 'afterRemove'] as const) {
      const file = at(config.deb![name]!);
      expect(script(name).startsWith('#!/bin/bash\n'), name).toBe(true);
      expect(fs.statSync(file).mode & 0o111, `${file} is not executable`).not.toBe(0);
      const tracked = spawnSync('git', ['ls-files', '-s', '--', file], { cwd: root, encoding: 'utf8' }).stdout;
      if (tracked) expect(tracked.startsWith('100755'), `${file} is not executable in git`).toBe(true);
      const parse = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
      expect(parse.status, parse.stderr).toBe(0);
    }
  });

  it('install the udev rule from where the package puts it, reload udev, and remove the rule again', () => {
    const rule = ruleResource();
    const name = path.basename(rule.from);
    expect(path.basename(rule.to)).toBe(name);
    const install = script('afterInstall');
    expect(install).toContain(`/opt/\${sanitizedProductName}/resources/${rule.to}`);
    expect(install).toContain(`/lib/udev/rules.d/${name}`);
    expect(install).toMatch(/udevadm control --reload-rules && udevadm trigger/);
    expect(script('afterRemove')).toContain(`rm -f /lib/udev/rules.d/${name}`);
  });
});

describe('the udev rule for badge readers', () => {
  const ruleFile = () => at(ruleResource().from);
  const lines = () =>
    fs
      .readFileSync(ruleFile(), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
  const field = (line: string, key: string) => new RegExp(`${key.replace(/[{}]/g, '\\$&')}=="([^"]*)"`).exec(line)?.[1];
  const deviceLines = () => lines().filter((line) => line.includes('SUBSYSTEM=='));

  it("sorts before systemd's 73-seat-late.rules, or its uaccess tag is ignored", () => {
    const number = Number(/^(\d+)-/.exec(path.basename(ruleFile()))?.[1]);
    expect(number).toBeLessThan(73);
  });

  it('is well-formed: key, operator, quoted value; ids in lower-case hex as sysfs shows them', () => {
    for (const line of lines()) {
      expect(line, 'a rule line').toMatch(/^(?:[A-Za-z_]+(?:\{[A-Za-z_]+\})?(?:==|!=|\+=|:=|=)"[^"]*"(?:, |$))+$/);
      for (const key of ['ATTRS{idVendor}', 'ATTRS{idProduct}']) {
        const id = field(line, key);
        if (id !== undefined) expect(id, line).toMatch(/^[0-9a-f]{4}$/);
      }
    }
    expect(lines()[0]).toMatch(/GOTO="(\w+)"/);
    expect(lines().at(-1)).toBe(`LABEL="${/GOTO="(\w+)"/.exec(lines()[0]!)![1]}"`);
  });

  it("gives the kiosk's session hidraw and serial devices", () => {
    const lineSet = deviceLines();
    expect(lineSet.length).toBeGreaterThan(0);
    for (const line of lineSet) {
      expect(['hidraw', 'tty'], line).toContain(field(line, 'SUBSYSTEM'));
      expect(line).toContain('TAG+="uaccess"');
      if (field(line, 'SUBSYSTEM') === 'hidraw') expect(line).toMatch(/GROUP="plugdev", MODE="0660"/);
    }
  });

  it("covers the readers docs/operators.md configures, on the device node each one's driver opens", () => {
    const guide = fs.readFileSync(at('docs', 'operators.md'), 'utf8');
    const example = /visa-kiosk config set readers '(\[[\s\S]*?\])'/.exec(guide);
    expect(example, "docs/operators.md's readers example").not.toBeNull();
    const readers = JSON.parse(example![1]!) as Array<{ type: 'serial' | 'hid'; match: { vendorId: string; productId: string } }>;
    expect(new Set(readers.map((r) => r.type))).toEqual(new Set(['serial', 'hid']));
    for (const reader of readers) {
      const subsystem = reader.type === 'serial' ? 'tty' : 'hidraw';
      const covered = deviceLines().some(
        (line) =>
          field(line, 'SUBSYSTEM') === subsystem &&
          field(line, 'ATTRS{idVendor}') === reader.match.vendorId &&
          [undefined, reader.match.productId].includes(field(line, 'ATTRS{idProduct}')),
      );
      expect(covered, `${reader.type} reader ${reader.match.vendorId}:${reader.match.productId}`).toBe(true);
    }
  });

  it('is the file the README and docs/ name', () => {
    const docs = [
      'README.md',
      ...fs
        .readdirSync(at('docs'))
        .filter((name) => name.endsWith('.md'))
        .map((name) => path.join('docs', name)),
    ];
    const text = docs.map((file) => fs.readFileSync(at(file), 'utf8')).join('\n');
    const named = new Set(text.match(/\b\d\d-visa-kiosk-readers\.rules\b/g));
    expect([...named]).toEqual([path.basename(ruleFile())]);
  });
});

describe('npm run dist', () => {
  it('plans the packages electron-builder.yml lists for the OS it runs on, and only those', () => {
    const linux = planDist([], 'linux');
    expect(linux).toMatchObject({ flag: '--linux', targets: config.linux!.target, downloadCheck: true });
    expect(planDist(['--linux'], 'linux')).toMatchObject({ flag: '--linux' });
    expect(planDist([], 'win32')).toMatchObject({ flag: '--win', targets: config.win!.target });
    expect(planDist(['--win'], 'win32')).toMatchObject({ flag: '--win' });
    expect(planDist(['--skip-download-check'], 'linux')).toMatchObject({ downloadCheck: false });
    // Native modules are compiled for the OS that builds them.
    expect(planDist(['--win'], 'linux')).toEqual({ error: expect.stringMatching(/^--win must be built on Windows/) });
    expect(planDist(['--linux'], 'win32')).toEqual({ error: expect.stringMatching(/^--linux must be built on Linux/) });
    expect(planDist([], 'darwin')).toEqual({ error: expect.stringMatching(/on Linux .* or on Windows .*not on darwin/) });
    expect(planDist(['--mac'], 'linux')).toEqual({ error: expect.stringMatching(/^unknown option --mac/) });
  });

  it('refuses a Linux build without a maintainer and a homepage, naming the variables, and invents neither', () => {
    expect(debMetadata({}, { name: 'visa-kiosk' } as never)).toEqual({
      error: expect.stringContaining('set VISA_KIOSK_MAINTAINER="Name <email>" and VISA_KIOSK_HOMEPAGE=https://…'),
    });
    const noHomepage = debMetadata({ VISA_KIOSK_MAINTAINER: 'Jane Doe <jane@example.org>' }, {});
    expect(noHomepage).toEqual({ error: expect.stringContaining('set VISA_KIOSK_HOMEPAGE=https://…,') });
    expect('error' in noHomepage && noHomepage.error).not.toContain('VISA_KIOSK_MAINTAINER=');
    expect(debMetadata({ VISA_KIOSK_MAINTAINER: 'jane@example.org', VISA_KIOSK_HOMEPAGE: 'https://example.org' }, {})).toEqual({
      error: expect.stringMatching(/"Name <email>", not "jane@example.org"/),
    });
    expect(debMetadata({ VISA_KIOSK_MAINTAINER: 'Jane Doe <jane@example.org>', VISA_KIOSK_HOMEPAGE: 'example.org' }, {})).toEqual({
      error: expect.stringMatching(/http\(s\) address, not "example.org"/),
    });
    // The project's own package.json has neither today.
    const pkg = JSON.parse(fs.readFileSync(at('package.json'), 'utf8')) as { author?: unknown; homepage?: unknown };
    if (pkg.author === undefined && pkg.homepage === undefined) expect(debMetadata({}, pkg)).toHaveProperty('error');
  });

  it("takes them from the environment first, else from package.json's author and homepage", () => {
    const fromPackage = { author: 'Jane Doe <jane@example.org> (https://jane.example.org)', homepage: 'https://example.org/kiosk' };
    expect(debMetadata({}, fromPackage)).toEqual({ maintainer: 'Jane Doe <jane@example.org>', homepage: 'https://example.org/kiosk' });
    expect(debMetadata({}, { author: { name: 'Jane Doe', email: 'jane@example.org' }, homepage: 'https://example.org' })).toEqual({
      maintainer: 'Jane Doe <jane@example.org>',
      homepage: 'https://example.org',
    });
    expect(debMetadata({ VISA_KIOSK_MAINTAINER: 'Front Desk <desk@example.net>', VISA_KIOSK_HOMEPAGE: 'https://example.net' }, fromPackage)).toEqual({
      maintainer: 'Front Desk <desk@example.net>',
      homepage: 'https://example.net',
    });
    expect(debMetadata({}, { author: 'Jane Doe' as unknown, homepage: 'https://example.org' })).toHaveProperty('error');
  });

  it('hands them to electron-builder as its own command line reads them', async () => {
    const plan = planDist([], 'linux');
    if ('error' in plan && plan.error) throw new Error(plan.error);
    const args = electronBuilderArgs(
      plan as typeof PLATFORMS.linux,
      { maintainer: 'Jane Doe <jane@example.org>', homepage: 'https://example.org/kiosk' },
      '/tmp/electron zips',
    );
    const builder = builderRequire('./out/builder.js') as {
      createYargs(): { parse(args: string[]): unknown };
      configureBuildCommand(yargs: unknown): unknown;
      normalizeOptions(argv: unknown): { config: BuilderConfig; publish: string; targets: Map<{ name: string }, unknown> };
    };
    const yargs = builder.createYargs();
    builder.configureBuildCommand(yargs);
    const options = builder.normalizeOptions(yargs.parse(args));
    expect(options.config).toEqual({
      linux: { maintainer: 'Jane Doe <jane@example.org>' },
      extraMetadata: { homepage: 'https://example.org/kiosk' },
      electronDist: '/tmp/electron zips',
    });
    expect(options.publish).toBe('never');
    expect([...options.targets.keys()].map((platform) => platform.name)).toEqual(['linux']);
    // Merged into electron-builder.yml, the result still passes electron-builder's schema.
    await expect(validate(await getConfig(root, null, options.config))).resolves.toBeUndefined();
  });

  it('probes the very address electron-builder would download Electron from, mirrors included', async () => {
    const { getArtifactRemoteURL } = libRequire('@electron/get/dist/cjs/artifact-utils.js') as {
      getArtifactRemoteURL(details: { artifactName: string; version: string; platform: string; arch: string }): Promise<string>;
    };
    const saved = { mirror: process.env.ELECTRON_MIRROR, dir: process.env.ELECTRON_CUSTOM_DIR };
    try {
      for (const env of [
        {},
        { ELECTRON_MIRROR: 'https://mirror.example/electron/' },
        { ELECTRON_MIRROR: 'https://mirror.example/e/', ELECTRON_CUSTOM_DIR: '{{ version }}' },
      ]) {
        delete process.env.ELECTRON_MIRROR;
        delete process.env.ELECTRON_CUSTOM_DIR;
        Object.assign(process.env, env);
        const expected = await getArtifactRemoteURL({ artifactName: 'electron', version: 'v45.4.1', platform: 'linux', arch: 'x64' });
        expect(electronZipUrl('45.4.1', 'linux', 'x64', env)).toBe(expected);
        expect(expected.endsWith(`/${electronZipName('45.4.1', 'linux', 'x64')}`)).toBe(true);
      }
    } finally {
      for (const [name, value] of [
        ['ELECTRON_MIRROR', saved.mirror],
        ['ELECTRON_CUSTOM_DIR', saved.dir],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('says in one line that Electron cannot be fetched, and what to do', () => {
    const url = electronZipUrl('45.4.1', 'linux', 'x64', {});
    const message = downloadMessage('electron', { version: '45.4.1', zipName: electronZipName('45.4.1', 'linux', 'x64'), url, reason: 'ENOTFOUND github.com' });
    expect(message).not.toContain('\n');
    for (const part of [
      url,
      'ENOTFOUND github.com',
      'github.com/electron/electron releases',
      'ELECTRON_MIRROR',
      'ELECTRON_CACHE',
      'electron-v45.4.1-linux-x64.zip',
    ])
      expect(message).toContain(part);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { at, config, root } from './builder-config';

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

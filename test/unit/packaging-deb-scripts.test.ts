import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { at, config, libRequire, root, ruleResource } from './builder-config';

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

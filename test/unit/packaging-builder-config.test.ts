import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { at, config, libRequire, ruleResource, validate } from './builder-config';

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

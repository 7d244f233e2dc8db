import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { debMetadata, downloadMessage, electronBuilderArgs, electronZipName, electronZipUrl, planDist, PLATFORMS } from '../../scripts/dist-plan.mjs';
import { at, builderRequire, config, getConfig, libRequire, root, validate, type BuilderConfig } from './builder-config';

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

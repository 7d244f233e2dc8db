// What would break a real package, checked without building one (this machine cannot download
// Electron): electron-builder.yml as electron-builder itself reads and validates it, the files it
// points at, the deb's install scripts, the udev rule against the readers docs/operators.md documents,
// the deb's dependencies against what the native modules link, and `npm run dist`'s decisions.
// This module gives the packaging-*.test.ts files electron-builder's view of the project.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
export const root = fileURLToPath(new URL('../..', import.meta.url));
export const at = (...parts: string[]) => path.join(root, ...parts);
// electron-builder's own modules, resolved as electron-builder resolves them.
export const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
export const libRequire = createRequire(builderRequire.resolve('app-builder-lib/package.json'));

export interface Resource {
  from?: string;
  to?: string;
}
export interface BuilderConfig {
  files?: unknown;
  linux?: { target?: string[]; executableName?: string; extraResources?: Array<Resource | string> };
  win?: { target?: string[] };
  deb?: { afterInstall?: string; afterRemove?: string; depends?: string[] };
  [key: string]: unknown;
}

export const { getConfig, validateConfiguration } = libRequire('./out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
};
const { DebugLogger } = builderRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
export const validate = (config: BuilderConfig) => validateConfiguration(config, new DebugLogger(false));

/** electron-builder.yml as electron-builder's own loader reads it. */
export const config = await getConfig(root, null, null);

/** The udev rule the Linux packages carry, as electron-builder.yml names it. */
export function ruleResource(): { from: string; to: string } {
  const resources = (config.linux?.extraResources ?? []).filter((r): r is Resource => typeof r === 'object' && /\.rules$/.test(r.from ?? ''));
  expect(resources, 'linux.extraResources should ship exactly one udev rule').toHaveLength(1);
  return { from: resources[0]!.from!, to: resources[0]!.to! };
}

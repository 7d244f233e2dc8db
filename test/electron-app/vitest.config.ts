import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** `npm run test:electron`: the real Electron app, driven by Playwright; not part of `npm test` (it needs Electron's binary). */
export default defineConfig({
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..'),
  test: {
    include: ['test/electron-app/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 120_000,
  },
});

import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import pkg from '../package.json' with { type: 'json' };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Every package, development tools included (playwright-core), loads from node_modules.
const external = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), ...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]);
const isExternal = (id: string) => external.has(id) || [...external].some((dep) => id.startsWith(`${dep}/`));

/**
 * The performance suite (`npm run bench`): built on its own into out/bench/, so nothing of it is
 * in dist/, which is what electron-builder packages and the command line runs from.
 */
export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: path.join(root, 'out', 'bench'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    ssr: true,
    rollupOptions: {
      input: { bench: path.join(root, 'bench', 'main.ts'), 'publish-child': path.join(root, 'bench', 'publish-child.ts') },
      external: isExternal,
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});

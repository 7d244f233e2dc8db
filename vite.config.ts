import react from '@vitejs/plugin-react';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

const here = path.dirname(fileURLToPath(import.meta.url));
const from = (...parts: string[]) => path.join(here, ...parts);

// Native modules and runtime dependencies load from node_modules (electron-builder unpacks
// the native ones from the asar); only our own code is bundled for Node and Electron, and the two
// pure-JavaScript packages of many files that commands load (zod at every start, undici at every
// sync), which cost as many files resolved, read and compiled one by one.
const BUNDLED = new Set(['zod', 'undici']);
const external = new Set([
  'electron',
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...Object.keys(pkg.dependencies).filter((dep) => !BUNDLED.has(dep)),
]);
const isExternal = (id: string) => external.has(id) || [...external].some((dep) => id.startsWith(`${dep}/`));

/**
 * One build, three bundles (`vite build --app`):
 *  - client:  the React kiosk (renderer/) and the registry's coordinator console (renderer/registry-console.html) → dist/renderer
 *  - node:    the command line and the Electron main process → dist/node (ESM)
 *  - preload: the sandboxed preload → dist/preload/preload.cjs (a sandboxed preload must be CommonJS)
 */
export default defineConfig({
  root: from('renderer'),
  base: './',
  plugins: [react()],
  builder: {},
  environments: {
    client: {
      build: {
        outDir: from('dist/renderer'),
        emptyOutDir: true,
        rollupOptions: { input: { index: from('renderer/index.html'), 'registry-console': from('renderer/registry-console.html') } },
      },
    },
    node: {
      consumer: 'server',
      resolve: { noExternal: [...BUNDLED] },
      build: {
        outDir: from('dist/node'),
        emptyOutDir: true,
        target: 'node20',
        minify: false,
        rollupOptions: {
          input: {
            cli: from('service/cli/bin.ts'),
            'registry-cli': from('registry/cli/bin.ts'),
            'registry-writer': from('registry/writer/writer-worker.ts'),
            main: from('electron/main.ts'),
            'list-worker': from('service/visa-list/list-worker.ts'),
            'spooler-process': from('drivers/printers/spooler-process.ts'),
            'export-worker': from('service/export/export-worker.ts'),
            'export-slice-worker': from('service/export/slice-worker.ts'),
            'storage-check-worker': from('service/storage-check-worker.ts'),
            'checkpoint-worker': from('service/checkpoint-worker.ts'),
          },
          external: isExternal,
          output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
        },
      },
    },
    preload: {
      consumer: 'server',
      // A sandboxed preload may require only 'electron': everything else is bundled in.
      resolve: { noExternal: true },
      build: {
        outDir: from('dist/preload'),
        emptyOutDir: true,
        target: 'node20',
        minify: true,
        rollupOptions: {
          input: { preload: from('electron/preload.ts') },
          external: ['electron'],
          output: { format: 'cjs', entryFileNames: '[name].cjs' },
        },
      },
    },
  },
});

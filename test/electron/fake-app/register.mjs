// `node --import ./register.mjs dist/node/main.js`: the built Electron main process, under plain
// Node, with `electron` resolved to the stand-in beside this file (Electron's binary cannot run here).
import { register } from 'node:module';

register('./resolve-electron.mjs', import.meta.url);

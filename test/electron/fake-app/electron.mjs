// The stand-in for `electron` in a real process running the built main (dist/node/main.js) under
// plain Node; see register.mjs. Unlike fake-electron.ts (for vitest's module mocks) the whole
// process is real: main's code, the service, its database and its print spooler.
//
// The test drives it over Node's IPC channel, as the kiosk page would over Electron's:
//   test → app   { invoke: { id, channel, args } }  calls an ipcMain handler from the kiosk window's top frame
//   app  → test  { reply: { id, value } }           its answer
//   app  → test  { loaded: url }                    a window loaded a page
//   app  → test  { sent: [channel, ...args] }       webContents.send (the service's events)
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import os from 'node:os';

const tell = (message) => {
  if (process.connected) process.send(message);
};

const event = () => ({
  defaultPrevented: false,
  preventDefault() {
    this.defaultPrevented = true;
  },
});

class WebContents extends EventEmitter {
  mainFrame = { url: '' };

  send(channel, ...args) {
    tell({ sent: [channel, ...args] });
  }

  setWindowOpenHandler() {}
}

export class BrowserWindow extends EventEmitter {
  static open = new Set();
  webContents = new WebContents();
  destroyed = false;

  constructor(options) {
    super();
    this.options = options;
    BrowserWindow.open.add(this);
  }

  loadURL(url) {
    this.webContents.mainFrame.url = url;
    tell({ loaded: url });
    return Promise.resolve();
  }

  /** False when a 'close' listener refused. */
  close() {
    const closing = event();
    this.emit('close', closing);
    if (closing.defaultPrevented) return false;
    this.destroyed = true;
    BrowserWindow.open.delete(this);
    this.emit('closed');
    return true;
  }

  isDestroyed() {
    return this.destroyed;
  }

  isMinimized() {
    return false;
  }

  removeMenu() {}
  restore() {}
  show() {}
  focus() {}
}

class App extends EventEmitter {
  isPackaged = true;

  whenReady() {
    return Promise.resolve();
  }

  requestSingleInstanceLock() {
    return true;
  }

  getPath() {
    return os.tmpdir();
  }

  /** Electron's order: before-quit, each window's close, will-quit (any may hold the quit), quit; then the process exits 0. */
  quit() {
    const before = event();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    for (const window of BrowserWindow.open) if (!window.close()) return;
    const will = event();
    this.emit('will-quit', will);
    if (will.defaultPrevented) return;
    this.emit('quit', event(), 0);
    process.exit(0);
  }
}

export const app = new App();

const handlers = new Map();
export const ipcMain = {
  handle(channel, handler) {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, handler);
  },
  removeHandler(channel) {
    handlers.delete(channel);
  },
};

process.on('message', async (message) => {
  if (!message.invoke) return;
  const { id, channel, args } = message.invoke;
  const handler = handlers.get(channel);
  const [window] = BrowserWindow.open;
  const value =
    handler && window
      ? await handler({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, ...args)
      : { ok: false, error: { code: 'gone', message: `no handler for ${channel}` } };
  tell({ reply: { id, value } });
});

const stdioOf = (stdio = 'inherit') => (Array.isArray(stdio) ? [...stdio, 'ipc'] : ['ignore', stdio, stdio, 'ipc']);

/**
 * Electron's utilityProcess.fork on Node's fork: a Node process whose parentPort (utility-child.mjs)
 * carries structured clones both ways, 'exit' with a code, kill() by SIGTERM.
 */
export const utilityProcess = {
  fork(modulePath, args = [], options = {}) {
    const child = fork(modulePath, args, {
      execArgv: ['--import', new URL('./utility-child.mjs', import.meta.url).href],
      serialization: 'advanced',
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: stdioOf(options.stdio),
    });
    const utility = new EventEmitter();
    child.on('spawn', () => utility.emit('spawn'));
    child.on('message', (message) => utility.emit('message', message));
    child.on('exit', (code, signal) => utility.emit('exit', code ?? 128 + os.constants.signals[signal]));
    utility.postMessage = (message) => {
      if (child.connected) child.send(message);
    };
    utility.kill = () => child.kill('SIGTERM');
    Object.defineProperty(utility, 'pid', { get: () => (child.exitCode === null && child.signalCode === null ? child.pid : undefined) });
    return utility;
  },
};

export const Menu = { setApplicationMenu() {} };
export const protocol = { registerSchemesAsPrivileged() {}, handle() {} };
export const net = { fetch: () => Promise.reject(new Error('no network in the stand-in')) };
export const powerSaveBlocker = { start: () => 1, stop() {} };
export const dialog = { showSaveDialog: async () => ({ canceled: true }) };
const defaultSession = { setPermissionRequestHandler() {}, setPermissionCheckHandler() {}, setDevicePermissionHandler() {} };
export const session = { defaultSession };

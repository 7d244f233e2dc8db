import os from 'node:os';
import { vi } from 'vitest';

/**
 * A stand-in for the `electron` module (its binary cannot run here), for `vi.mock('electron', () => import('./fake-electron'))`.
 * It records what main asks of Electron (window options, handlers, registrations) and lets a
 * test play Electron's side: emit window and webContents events, send IPC from any frame.
 */

type Handler = (...args: never[]) => unknown;

export class FakeEmitter {
  readonly listeners = new Map<string, Handler[]>();

  on(event: string, handler: Handler): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), handler]);
    return this;
  }

  once(event: string, handler: Handler): this {
    const wrapped = (...args: never[]) => {
      this.off(event, wrapped);
      return handler(...args);
    };
    return this.on(event, wrapped);
  }

  off(event: string, handler: Handler): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((h) => h !== handler),
    );
    return this;
  }

  emit(event: string, ...args: unknown[]): void {
    for (const handler of [...(this.listeners.get(event) ?? [])]) (handler as (...a: unknown[]) => unknown)(...args);
  }

  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

/** An Electron event; navigation events carry their URL on it. */
export function fakeEvent<T extends object>(fields?: T): FakeEvent & T {
  return Object.assign(
    {
      defaultPrevented: false,
      preventDefault(this: FakeEvent) {
        this.defaultPrevented = true;
      },
    },
    fields,
  );
}

export class FakeFrame {
  constructor(public url: string) {}
}

export class FakeWebContents extends FakeEmitter {
  readonly mainFrame: FakeFrame;
  readonly sent: unknown[][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly forcefullyCrashRenderer = vi.fn(() => this.emit('render-process-gone', fakeEvent(), { reason: 'killed', exitCode: 9 }));

  constructor(url = 'app://kiosk/index.html') {
    super();
    this.mainFrame = new FakeFrame(url);
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends FakeEmitter {
  static readonly created: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents('');
  readonly loaded: string[] = [];
  readonly removeMenu = vi.fn();
  destroyed = false;
  minimized = false;
  visible = false;
  focused = false;

  constructor(readonly options: { kiosk?: boolean; fullscreen?: boolean; webPreferences?: Record<string, unknown> }) {
    super();
    BrowserWindow.created.push(this);
  }

  /** The top frame now shows `url`, as after a real load. */
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  restore(): void {
    this.minimized = false;
  }

  show(): void {
    this.visible = true;
  }

  focus(): void {
    this.focused = true;
  }

  /** As Alt+F4 or the OS would: a 'close' listener may refuse. True if the window closed. */
  close(): boolean {
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroyed = true;
    this.emit('closed');
    return true;
  }
}

class FakeApp extends FakeEmitter {
  isPackaged = false;
  hasLock = true;
  /** Set once a quit got past every will-quit listener. */
  exited = false;
  readonly requestSingleInstanceLock = vi.fn(() => this.hasLock);
  readonly whenReady = vi.fn(() => Promise.resolve());
  readonly getPath = vi.fn(() => os.tmpdir());
  /** Electron's order: before-quit, then will-quit, either of which may hold the quit. */
  readonly quit = vi.fn(() => {
    const before = fakeEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    const will = fakeEvent();
    this.emit('will-quit', will);
    if (!will.defaultPrevented) this.exited = true;
  });
}

export const app = new FakeApp();

const handlers = new Map<string, Handler>();
export const ipcMain = {
  handlers,
  handle: vi.fn((channel: string, handler: Handler) => {
    // Electron refuses a second handler for a channel; so does the fake, to catch leaks between tests.
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, handler);
  }),
  removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
};

/** What ipcRenderer.invoke(channel, ...args) from `senderFrame` of `sender` gets back. */
export async function invoke(channel: string, from: { sender: FakeWebContents; senderFrame: FakeFrame | null }, ...args: unknown[]): Promise<unknown> {
  const handler = handlers.get(channel);
  if (!handler) throw new Error(`No handler registered for '${channel}'`);
  return (handler as (...a: unknown[]) => unknown)({ sender: from.sender, senderFrame: from.senderFrame }, ...args);
}

/** The kiosk window's own top frame. */
export const fromTopFrame = (window: BrowserWindow) => ({ sender: window.webContents, senderFrame: window.webContents.mainFrame });

type PermissionRequest = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string; mediaTypes?: string[] },
) => void;
export const session = {
  defaultSession: {
    permissionRequestHandler: null as PermissionRequest | null,
    permissionCheckHandler: null as ((...args: unknown[]) => boolean) | null,
    devicePermissionHandler: null as ((...args: unknown[]) => boolean) | null,
    setPermissionRequestHandler(handler: PermissionRequest) {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: (...args: unknown[]) => boolean) {
      this.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler(handler: (...args: unknown[]) => boolean) {
      this.devicePermissionHandler = handler;
    },
  },
};

export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
export const net = { fetch: vi.fn() };
export const powerSaveBlocker = { start: vi.fn(() => 7), stop: vi.fn() };
/** The save dialog answers with whatever a test sets: a chosen path, or cancel. */
export const dialog = { showSaveDialog: vi.fn(async (): Promise<{ canceled: boolean; filePath?: string }> => ({ canceled: true })) };
export const Menu = { setApplicationMenu: vi.fn() };

// The preload's side.
export const contextBridge = { exposeInMainWorld: vi.fn() };
export const ipcRenderer = Object.assign(new FakeEmitter(), { invoke: vi.fn() });

/** A clean Electron for the next test. */
export function resetElectron(): void {
  vi.clearAllMocks();
  BrowserWindow.created.length = 0;
  app.listeners.clear();
  app.isPackaged = false;
  app.hasLock = true;
  app.exited = false;
  handlers.clear();
  ipcRenderer.listeners.clear();
  Object.assign(session.defaultSession, { permissionRequestHandler: null, permissionCheckHandler: null, devicePermissionHandler: null });
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC } from '../../electron/ipc-channels';
import { KIOSK_URL } from '../../electron/app-protocol';
import { Kiosk } from '../../service/kiosk';
import { app, BrowserWindow, fromTopFrame, invoke, ipcMain, Menu, powerSaveBlocker, protocol, resetElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const MANAGER_PIN = '271828';

describe('electron/main.ts, wired to a real service', () => {
  // One database for the whole file (useTempDir's folders last one test).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'visa-kiosk-main-'));
  const db = path.join(dir, 'kiosk.db');
  let window: BrowserWindow;

  beforeAll(async () => {
    resetElectron();
    const setup = Kiosk.open(db);
    setup.staff.add({ name: 'Mo', role: 'manager', pin: MANAGER_PIN });
    await setup.close();
    vi.stubEnv('VISA_KIOSK_DB', db);
    app.isPackaged = true;
    await import('../../electron/main');
    await vi.waitFor(() => expect(BrowserWindow.created[0]?.loaded).toEqual([KIOSK_URL]));
    window = BrowserWindow.created[0]!;
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registers the app scheme before ready, holds the single-instance lock, and removes the menu', () => {
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([expect.objectContaining({ scheme: 'app' })]);
    expect(protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]).toBeLessThan(app.whenReady.mock.invocationCallOrder[0]!);
    expect(app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(Menu.setApplicationMenu).toHaveBeenCalledWith(null);
  });

  it('opens one locked-down kiosk window, without DevTools when packaged, keeping the display awake', () => {
    expect(BrowserWindow.created).toHaveLength(1);
    expect(window.options).toMatchObject({ kiosk: true, webPreferences: { devTools: false, sandbox: true, contextIsolation: true } });
    expect(powerSaveBlocker.start).toHaveBeenCalledWith('prevent-display-sleep');
    expect([...ipcMain.handlers.keys()].sort()).toEqual([IPC.call, IPC.exit, IPC.restart, IPC.saveExport].sort());
  });

  it('opens the same database as the command line (VISA_KIOSK_DB) and answers the page', async () => {
    expect(await invoke(IPC.call, fromTopFrame(window), 'kioskInfo', {})).toMatchObject({ ok: true, result: { space: null } });
  });

  it('loads no demo list into a packaged kiosk', async () => {
    expect(await invoke(IPC.call, fromTopFrame(window), 'checkin', { credential: 'HW-0001' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('space is not set') },
    });
  });

  it('focuses the kiosk when launched again', () => {
    window.minimized = true;
    app.emit('second-instance', {}, [], '/');
    expect(window).toMatchObject({ minimized: false, focused: true });
  });

  it('reloads the page after a crash', () => {
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
    expect(window.loaded).toEqual([KIOSK_URL, KIOSK_URL]);
  });

  it("quits on a manager's PIN only, closing the database first", async () => {
    expect(window.close()).toBe(false);
    expect(await invoke(IPC.exit, fromTopFrame(window), '000000')).toEqual({ ok: true, result: false });
    expect(app.quit).not.toHaveBeenCalled();
    expect(await invoke(IPC.exit, fromTopFrame(window), MANAGER_PIN)).toEqual({ ok: true, result: true });
    expect(app.quit).toHaveBeenCalled();
    await vi.waitFor(() => expect(app.exited).toBe(true));
    expect(ipcMain.handlers.size).toBe(0);
    expect(window.close()).toBe(true);
    // The database is closed: another connection can take the write lock at once.
    const after = Kiosk.open(db);
    expect(after.staff.verifyManagerPin(MANAGER_PIN)).toBe(true);
    await after.close();
  });
});

describe('electron/main.ts in a second instance', () => {
  it('starts nothing and quits', async () => {
    vi.resetModules();
    resetElectron();
    app.hasLock = false;
    await import('../../electron/main');
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(BrowserWindow.created).toHaveLength(0);
  });
});

describe('electron/main.ts when the database cannot be opened', () => {
  it('shows the built-in error page, saying why', async () => {
    vi.resetModules();
    resetElectron();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'visa-kiosk-main-'));
    const notADatabase = path.join(dir, 'kiosk.db');
    fs.writeFileSync(notADatabase, 'this is not SQLite, just text long enough to be read as a header'.repeat(10));
    vi.stubEnv('VISA_KIOSK_DB', notADatabase);
    vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    try {
      await import('../../electron/main');
      await vi.waitFor(() => expect(BrowserWindow.created[0]?.loaded).toHaveLength(1));
      const page = decodeURIComponent(BrowserWindow.created[0]!.loaded[0]!);
      expect(page).toMatch(/^data:text\/html/);
      expect(page).toContain('is not a Visa Kiosk database');
      expect(ipcMain.handlers.size).toBe(0);
    } finally {
      vi.unstubAllEnvs();
      vi.restoreAllMocks();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

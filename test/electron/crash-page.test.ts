import type { BrowserWindow as ElectronWindow } from 'electron';
import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KIOSK_URL } from '../../electron/app-protocol';
import { answerRestart } from '../../electron/crash-page-restart';
import { watchCrashes, type Clock } from '../../electron/crash-recovery';
import { errorPage } from '../../electron/error-page';
import { IPC } from '../../electron/ipc-channels';
import { guardKioskExit } from '../../electron/kiosk-exit';
import { app, BrowserWindow, fakeEvent, FakeFrame, fromTopFrame, invoke, resetElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

/** Time does not pass in these tests: every crash lands in the same minute. */
const stillClock: Clock = { now: () => 0, after: () => () => {} };

describe('the crash-loop page: a manager’s way out', () => {
  const log = vi.fn();
  let window: BrowserWindow;
  let service: { verifyManagerPin: ReturnType<typeof vi.fn<(pin: string) => boolean>> };
  let stops: (() => void)[];
  const crash = () => window.webContents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 11 });

  /** Crashes the kiosk page until the error page is up, as a renderer in a crash loop would. */
  function crashLoop() {
    for (let i = 0; i < 4; i++) crash();
    expect(window.webContents.mainFrame.url).toMatch(/^data:text\/html/);
  }

  beforeEach(() => {
    resetElectron();
    log.mockClear();
    window = new BrowserWindow({});
    void window.loadURL(KIOSK_URL);
    service = { verifyManagerPin: vi.fn((pin: string) => pin === '424242') };
    const crashes = watchCrashes(window as unknown as ElectronWindow, stillClock, log, { maxReloads: 3, periodMs: 60_000, hangGraceMs: 10_000 });
    stops = [answerRestart(window as unknown as ElectronWindow, crashes.restart, log), guardKioskExit(window as unknown as ElectronWindow, service, log)];
  });
  afterEach(() => stops.forEach((stop) => stop()));

  it('"Restart kiosk" loads the kiosk page again, with a fresh crash budget', async () => {
    crashLoop();
    const loads = window.loaded.length;
    expect(await invoke(IPC.restart, fromTopFrame(window))).toEqual({ ok: true, result: true });
    expect(window.loaded.slice(loads)).toEqual([KIOSK_URL]);
    // Three crashes are reloaded again before the error page comes back.
    for (let i = 0; i < 3; i++) crash();
    expect(window.webContents.mainFrame.url).toBe(KIOSK_URL);
    crash();
    expect(window.webContents.mainFrame.url).toMatch(/^data:text\/html/);
  });

  it('a manager’s PIN on the error page leaves kiosk mode; a wrong one does not', async () => {
    crashLoop();
    expect(await invoke(IPC.exit, fromTopFrame(window), '1111')).toEqual({ ok: true, result: false });
    expect(app.quit).not.toHaveBeenCalled();
    expect(await invoke(IPC.exit, fromTopFrame(window), '424242')).toEqual({ ok: true, result: true });
    expect(app.quit).toHaveBeenCalledOnce();
    expect(window.close()).toBe(true);
  });

  it('drops a restart from the kiosk page itself, from a subframe, from another window, and from a look-alike error page', async () => {
    expect(await invoke(IPC.restart, fromTopFrame(window))).toBeUndefined();
    crashLoop();
    const errorUrl = window.webContents.mainFrame.url;
    const loads = window.loaded.length;
    expect(await invoke(IPC.restart, { sender: window.webContents, senderFrame: new FakeFrame(errorUrl) })).toBeUndefined();
    const other = new BrowserWindow({});
    void other.loadURL(errorUrl);
    expect(await invoke(IPC.restart, fromTopFrame(other))).toBeUndefined();
    window.webContents.mainFrame.url = errorPage('The kiosk has stopped', 'Its screen crashed several times in a row and will not be restarted automatically.');
    expect(await invoke(IPC.restart, fromTopFrame(window))).toBeUndefined();
    expect(await invoke(IPC.exit, fromTopFrame(window), '424242')).toBeUndefined();
    expect(window.loaded).toHaveLength(loads);
    expect(service.verifyManagerPin).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith('dropped a restart request from an unknown frame (a data: page)');
  });

  it('the page without manager controls (the app could not start) has no script at all', () => {
    const html = decodeURIComponent(errorPage('The kiosk cannot start', 'disk full'));
    expect(html).not.toContain('<script');
    expect(html).not.toContain('script-src');
  });

  it('the page’s one script is the one its policy allows by hash', () => {
    const html = decodeURIComponent(errorPage('The kiosk has stopped', 'x', { managerExit: true }));
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    const hash = crypto.createHash('sha256').update(scripts[0]!).digest('base64');
    expect(html).toContain(`script-src 'sha256-${hash}'`);
    expect(html).toContain("default-src 'none'");
  });
});

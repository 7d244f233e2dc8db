import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createKioskWindow } from '../../electron/kiosk-window';
import { BrowserWindow, fakeEvent, powerSaveBlocker, resetElectron, session } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

function open(devTools = false): BrowserWindow {
  return createKioskWindow('/app/preload.cjs', { devTools }) as unknown as BrowserWindow;
}

describe('the kiosk window', () => {
  beforeEach(resetElectron);

  it('is a full-screen kiosk, isolated and sandboxed, with no menu', () => {
    const window = open();
    expect(window.options).toMatchObject({ kiosk: true, fullscreen: true });
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      devTools: false,
      autoplayPolicy: 'no-user-gesture-required',
    });
    expect(window.removeMenu).toHaveBeenCalled();
  });

  it('has DevTools only when asked (not packaged)', () => {
    expect(open(true).options.webPreferences).toMatchObject({ devTools: true });
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: stays on app://kiosk', (name) => {
    const contents = open().webContents;
    for (const url of ['https://evil.example/', 'http://127.0.0.1:4317/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)', 'not a url']) {
      const event = fakeEvent({ url });
      contents.emit(name, event);
      expect(event.defaultPrevented, url).toBe(true);
    }
    for (const url of ['app://kiosk/index.html', 'app://kiosk/#/guest']) {
      const event = fakeEvent({ url });
      contents.emit(name, event);
      expect(event.defaultPrevented, url).toBe(false);
    }
  });

  it('opens no new windows and attaches no webview', () => {
    const contents = open().webContents;
    expect(contents.windowOpenHandler?.({ url: 'app://kiosk/index.html' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const attach = fakeEvent();
    contents.emit('will-attach-webview', attach, {}, {});
    expect(attach.defaultPrevented).toBe(true);
  });

  it('denies every permission request and check but the camera for the kiosk’s own page', () => {
    open();
    const { permissionRequestHandler, permissionCheckHandler, devicePermissionHandler } = session.defaultSession;
    for (const permission of ['media', 'geolocation', 'notifications', 'hid', 'serial', 'clipboard-read']) {
      const callback = vi.fn();
      permissionRequestHandler?.({}, permission, callback, { requestingUrl: 'app://kiosk/index.html', mediaTypes: ['audio'] });
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(permissionCheckHandler?.({}, permission, 'app://kiosk', {})).toBe(false);
    }
    const camera = vi.fn();
    permissionRequestHandler?.({}, 'media', camera, { requestingUrl: 'app://kiosk/index.html', mediaTypes: ['video'] });
    expect(camera).toHaveBeenCalledExactlyOnceWith(true);
    expect(permissionCheckHandler?.({}, 'media', 'app://kiosk', { mediaType: 'video' })).toBe(true);
    expect(devicePermissionHandler?.({ deviceType: 'hid', origin: 'app://kiosk' })).toBe(false);
  });

  it('keeps the display awake while it is open, and shows itself when ready', () => {
    const window = open();
    expect(powerSaveBlocker.start).toHaveBeenCalledExactlyOnceWith('prevent-display-sleep');
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
    window.close();
    expect(powerSaveBlocker.stop).toHaveBeenCalledExactlyOnceWith(7);
  });
});

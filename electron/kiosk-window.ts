import { BrowserWindow, powerSaveBlocker, session, type Session } from 'electron';
import { isAppUrl } from './app-protocol.js';
import { grantsPermission } from './camera-permission.js';

/**
 * The page asks for nothing but the camera (to read a visa pass's QR, electron/camera-permission.ts):
 * no microphone, notifications, USB, HID or serial; readers are opened by main, never by the page.
 */
function denyPermissions(target: Session): void {
  target.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(grantsPermission({ permission, url: details.requestingUrl, mediaTypes: 'mediaTypes' in details ? (details.mediaTypes ?? []) : [] })),
  );
  target.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    grantsPermission({ permission, url: requestingOrigin, mediaTypes: details.mediaType ? [details.mediaType] : [] }),
  );
  target.setDevicePermissionHandler(() => false);
}

/**
 * The locked-down kiosk window of Electron's security checklist: full screen, isolated,
 * sandboxed, going nowhere but app://kiosk, and keeping the display awake while it is open.
 * It loads nothing itself: main decides between the kiosk and an error page.
 */
export function createKioskWindow(preload: string, options: { devTools: boolean }): BrowserWindow {
  denyPermissions(session.defaultSession);
  const window = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    backgroundColor: '#0f2a3d',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
      devTools: options.devTools,
      // Admitted and denied sounds play on a tap, which is not a gesture in the page.
      autoplayPolicy: 'no-user-gesture-required',
    },
  });
  window.removeMenu();
  const contents = window.webContents;
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayHome = (event: { url: string; preventDefault(): void }) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-frame-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  const blocker = powerSaveBlocker.start('prevent-display-sleep');
  window.once('closed', () => powerSaveBlocker.stop(blocker));
  window.once('ready-to-show', () => window.show());
  return window;
}

import { app, type BrowserWindow } from 'electron';

/**
 * One kiosk per machine: the readers and the database belong to the first instance. A second
 * launch (a double-click, an autostart racing the supervisor) brings the first to the front and
 * quits. Returns false in that second instance, which must then start nothing.
 */
export function claimSingleInstance(currentWindow: () => BrowserWindow | null): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const window = currentWindow();
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  return true;
}

import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { isAppUrl } from './app-protocol.js';

/** Only the kiosk window's own top frame, showing our page, may speak to main: every IPC handler asks this first. */
export function fromKioskFrame(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  const frame = event.senderFrame;
  return frame !== null && !window.isDestroyed() && event.sender === window.webContents && frame === window.webContents.mainFrame && isAppUrl(frame.url);
}

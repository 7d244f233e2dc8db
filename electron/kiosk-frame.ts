import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { IpcReply } from './ipc-channels.js';
import { isAppUrl } from './app-protocol.js';

/** Only the kiosk window's own top frame, showing our page, may speak to main: every IPC handler asks this first. */
export function fromKioskFrame(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  const frame = event.senderFrame;
  return frame !== null && !window.isDestroyed() && event.sender === window.webContents && frame === window.webContents.mainFrame && isAppUrl(frame.url);
}

/** Answers an IPC channel for the kiosk window alone: a message from any other frame is logged and dropped. */
export function handleFromKiosk(channel: string, window: BrowserWindow, what: string, log: (line: string) => void, handle: (...args: unknown[]) => Promise<IpcReply>): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<IpcReply | undefined> => {
    if (!fromKioskFrame(event, window)) {
      log(`dropped ${what} from an unknown frame (${event.senderFrame?.url ?? 'gone'})`);
      return undefined;
    }
    return handle(...args);
  });
}

import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { Outcome } from '../core/outcome.js';
import { isAppUrl } from './app-protocol.js';
import { isManagerErrorPage } from './error-page.js';

/**
 * Which page of the kiosk window's top frame a channel answers: the kiosk's own (app://kiosk),
 * the built-in crash-loop page with its manager controls, or either.
 */
export type FramePage = 'kiosk' | 'error-page' | 'kiosk-or-error-page';

function showsPage(url: string, page: FramePage): boolean {
  if (page !== 'error-page' && isAppUrl(url)) return true;
  return page !== 'kiosk' && isManagerErrorPage(url);
}

/** Only the kiosk window's own top frame, showing our page, may speak to main: every IPC handler asks this first. */
export function fromKioskFrame(event: IpcMainInvokeEvent, window: BrowserWindow, page: FramePage = 'kiosk'): boolean {
  const frame = event.senderFrame;
  return frame !== null && !window.isDestroyed() && event.sender === window.webContents && frame === window.webContents.mainFrame && showsPage(frame.url, page);
}

/** Answers an IPC channel for the kiosk window alone: a message from any other frame is logged and dropped. */
export function handleFromKiosk(
  channel: string,
  window: BrowserWindow,
  what: string,
  log: (line: string) => void,
  handle: (...args: unknown[]) => Promise<Outcome>,
  page: FramePage = 'kiosk',
): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<Outcome | undefined> => {
    if (!fromKioskFrame(event, window, page)) {
      log(`dropped ${what} from an unknown frame (${describeFrame(event.senderFrame?.url)})`);
      return undefined;
    }
    return handle(...args);
  });
}

/** A data: URL is the whole page: the log gets its scheme, not its contents. */
function describeFrame(url: string | undefined): string {
  if (url === undefined) return 'gone';
  return url.startsWith('data:') ? 'a data: page' : url;
}

import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { EVENTS, type EventName } from '../core/api.js';
import { KioskError } from '../core/errors.js';
import { dispatch } from '../service/dispatch.js';
import type { KioskService } from '../service/kiosk-service.js';
import { APP_ORIGIN } from './app-protocol.js';
import { IPC, type IpcReply } from './ipc-channels.js';

/** Only the kiosk window's own top frame, showing our page, may speak to the service. */
function fromKioskFrame(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  const frame = event.senderFrame;
  return frame !== null && event.sender === window.webContents && frame === window.webContents.mainFrame && new URL(frame.url).origin === APP_ORIGIN;
}

/** Relays every method and event of core/api.ts between the renderer and the service. */
export function relayApi(service: KioskService, window: BrowserWindow, log: (line: string) => void): () => void {
  ipcMain.handle(IPC.call, (event, method: unknown, input: unknown): IpcReply | undefined => {
    if (!fromKioskFrame(event, window)) {
      log(`dropped an IPC call from an unknown frame (${event.senderFrame?.url ?? 'gone'})`);
      return undefined;
    }
    try {
      return { ok: true, result: dispatch(service, String(method), input, 'kiosk') };
    } catch (error) {
      if (error instanceof KioskError) return { ok: false, error: { code: error.code, message: error.message } };
      log(`${String(method)} failed: ${(error as Error).stack ?? String(error)}`);
      return { ok: false, error: { code: 'internal', message: 'the kiosk hit an internal error' } };
    }
  });
  const unsubscribe = (Object.keys(EVENTS) as EventName[]).map((name) => {
    const listener = (payload: unknown) => {
      if (!window.isDestroyed()) window.webContents.send(IPC.event, name, payload);
    };
    service.events.on(name, listener);
    return () => service.events.off(name, listener);
  });
  return () => {
    ipcMain.removeHandler(IPC.call);
    unsubscribe.forEach((off) => off());
  };
}

import { dialog, ipcMain, type BrowserWindow } from 'electron';
import { KioskError } from '../core/errors.js';
import { z } from 'zod';
import { EVENTS, type EventName } from '../core/api.js';
import { parseExportPath } from '../core/wire.js';
import { dispatch, type Connection } from '../service/dispatch.js';
import type { Kiosk } from '../service/kiosk.js';
import { KIOSK_WINDOW } from '../service/kiosk/audit.js';
import { IPC } from './ipc-channels.js';
import { reply } from './ipc-reply.js';
import { handleFromKiosk } from './kiosk-frame.js';

/** The method name of a call; dispatch checks it is in the contract and validates the input with the method's own schema. */
const MethodName = z.string().min(1).max(64);

/** Relays every method and event of core/api.ts between the renderer and the service. */
export function relayApi(service: Kiosk, window: BrowserWindow, log: (line: string) => void): () => void {
  // The kiosk window's staff session; a reload of the renderer (crash recovery) keeps it until it idles out.
  const connection: Connection = { session: null, screen: KIOSK_WINDOW };
  handleFromKiosk(IPC.call, window, 'an IPC call', log, async (method, input) => {
    const name = MethodName.safeParse(method);
    if (!name.success) return { ok: false, error: { code: 'invalid', message: 'the method name must be text' } };
    // Async methods (imports, sync) resolve inside reply(), so their refusals travel as data too.
    return reply(name.data, () => dispatch(service, name.data, input, connection), log);
  });
  // The export is authorised and audited as prepareExport, on this window's session; only where it lands differs.
  handleFromKiosk(IPC.saveExport, window, 'an export', log, async (input) =>
    reply('saveExport', async () => {
      const { url, fileName } = (await dispatch(service, 'prepareExport', input, connection)) as { url: string; fileName: string };
      const job = service.exports.take(parseExportPath(url)!.ticket);
      if (!job) throw new KioskError('the export expired before it could be saved: export again', 'refused');
      const choice = await dialog.showSaveDialog(window, { defaultPath: fileName });
      if (choice.canceled || !choice.filePath) return { saved: false };
      await service.exports.toFile(job, choice.filePath);
      return { saved: true, path: choice.filePath };
    }, log),
  );
  const unsubscribe = (Object.keys(EVENTS) as EventName[]).map((name) => {
    const listener = (payload: unknown) => {
      if (!window.isDestroyed()) window.webContents.send(IPC.event, name, payload);
    };
    service.events.on(name, listener);
    return () => service.events.off(name, listener);
  });
  return () => {
    ipcMain.removeHandler(IPC.call);
    ipcMain.removeHandler(IPC.saveExport);
    unsubscribe.forEach((off) => off());
  };
}

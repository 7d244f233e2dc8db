import { dialog, ipcMain, type BrowserWindow } from 'electron';
import { ClientLine, forwardEvents } from '../service/connection.js';
import { saveExport } from '../service/export-delivery.js';
import type { Kiosk } from '../service/kiosk.js';
import { KIOSK_WINDOW } from '../service/kiosk/audit.js';
import { IPC } from './ipc-channels.js';
import { handleFromKiosk } from './kiosk-frame.js';

/** Relays every method and event of core/api.ts between the renderer and the service, through service/connection.ts. */
export function relayApi(service: Kiosk, window: BrowserWindow, log: (line: string) => void): () => void {
  // The kiosk window's staff session; a reload of the renderer (crash recovery) keeps it until it idles out.
  const line = new ClientLine(service, KIOSK_WINDOW, log);
  handleFromKiosk(IPC.call, window, 'an IPC call', log, (method, input) => line.call(method, input));
  // The export is authorised and audited as prepareExport, on this window's session; only where it lands differs.
  handleFromKiosk(IPC.saveExport, window, 'an export', log, (input) =>
    line.run('saveExport', () =>
      saveExport(service, line.connection, input, async (fileName) => {
        const choice = await dialog.showSaveDialog(window, { defaultPath: fileName });
        return choice.canceled || !choice.filePath ? null : choice.filePath;
      }),
    ),
  );
  const stopEvents = forwardEvents(service, (event, payloadFor) => {
    const payload = payloadFor(line);
    if (payload !== undefined && !window.isDestroyed()) window.webContents.send(IPC.event, event, payload);
  });
  return () => {
    ipcMain.removeHandler(IPC.call);
    ipcMain.removeHandler(IPC.saveExport);
    stopEvents();
  };
}

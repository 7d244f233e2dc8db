import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installDemo } from '../service/demo-data.js';
import { KioskService } from '../service/kiosk-service.js';
import { registerAppScheme, serveApp } from './app-protocol.js';
import { relayApi } from './ipc-relay.js';
import { createKioskWindow } from './kiosk-window.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (line: string) => process.stderr.write(`visa-kiosk: ${line}\n`);

registerAppScheme();

void app.whenReady().then(async () => {
  const service = KioskService.open(path.join(app.getPath('userData'), 'kiosk.db'), { log, listWorker: path.join(here, 'list-worker.js') });
  if (await installDemo(service)) log('first run: loaded the demo visa list');
  void service.startReaders();
  service.startSync();
  serveApp(path.join(here, '..', 'renderer'));
  const window: BrowserWindow = createKioskWindow(path.join(here, '..', 'preload', 'preload.cjs'), { devTools: !app.isPackaged });
  const stopRelay = relayApi(service, window, log);
  app.on('window-all-closed', () => {
    stopRelay();
    void service.close().then(() => app.quit());
  });
});

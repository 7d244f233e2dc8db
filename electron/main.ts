import { app, Menu, type BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDatabasePath } from '../service/data-path.js';
import { installDemo } from '../service/demo-data.js';
import { Kiosk } from '../service/kiosk.js';
import { KIOSK_URL, registerAppScheme, serveApp } from './app-protocol.js';
import { answerRestart } from './crash-page-restart.js';
import { systemClock, watchCrashes } from './crash-recovery.js';
import { errorPage } from './error-page.js';
import { relayApi } from './ipc-relay.js';
import { guardKioskExit } from './kiosk-exit.js';
import { createKioskWindow } from './kiosk-window.js';
import { closeBeforeQuit, quitOnSignals } from './shutdown.js';
import { claimSingleInstance } from './single-instance.js';
import { utilitySpooler } from './utility-spooler.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (line: string) => process.stderr.write(`visa-kiosk: ${line}\n`);
let kioskWindow: BrowserWindow | null = null;

registerAppScheme();
if (claimSingleInstance(() => kioskWindow)) {
  app
    .whenReady()
    .then(start)
    .catch((error: Error) => {
      log(`cannot start: ${error.stack ?? error.message}`);
      void kioskWindow?.loadURL(errorPage('The kiosk cannot start', error.message));
    });
}

async function start(): Promise<void> {
  Menu.setApplicationMenu(null);
  serveApp(path.join(here, '..', 'renderer'));
  const window = createKioskWindow(path.join(here, '..', 'preload', 'preload.cjs'), { devTools: !app.isPackaged });
  kioskWindow = window;
  // The same database as the command line, so `visa-kiosk config set …` configures this kiosk.
  const service = Kiosk.open(resolveDatabasePath(undefined), {
    log,
    listWorker: path.join(here, 'list-worker.js'),
    spooler: { file: path.join(here, 'spooler-process.js'), launch: utilitySpooler },
    exportWorker: path.join(here, 'export-worker.js'),
    exportSliceWorker: path.join(here, 'export-slice-worker.js'),
    storageCheckWorker: path.join(here, 'storage-check-worker.js'),
    checkpointWorker: path.join(here, 'checkpoint-worker.js'),
  });
  // Refused (and said on the error page) while another kiosk runs on this database.
  service.claimRunning();
  // `npm start` shows the demo alliance; an installed kiosk starts empty until its list is synced.
  if (!app.isPackaged && (await installDemo(service))) log('first run: loaded the demo visa list');
  const crashes = watchCrashes(window, systemClock, log);
  const stopRestart = answerRestart(window, crashes.restart, log);
  const stopRelay = relayApi(service, window, log);
  const stopExitGuard = guardKioskExit(window, service.staff, log);
  const stopSignals = quitOnSignals();
  closeBeforeQuit(async () => {
    stopSignals();
    stopRelay();
    stopRestart();
    stopExitGuard();
    await service.close();
  }, log);
  service.startRunning().catch((error: Error) => log(`readers: ${error.message}`));
  await window.loadURL(KIOSK_URL);
}

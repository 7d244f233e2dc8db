import { ipcMain, type BrowserWindow } from 'electron';
import { outcomeOf } from '../service/connection.js';
import { IPC } from './ipc-channels.js';
import { handleFromKiosk } from './kiosk-frame.js';

/**
 * The crash-loop page's "Restart kiosk": loads the kiosk page again with a fresh crash budget.
 * Anyone at the screen may press it (a crash loop soon brings the page back); it is answered only
 * from that page, never from the kiosk's own page or any other frame.
 */
export function answerRestart(window: BrowserWindow, restart: () => void, log: (line: string) => void): () => void {
  handleFromKiosk(
    IPC.restart,
    window,
    'a restart request',
    log,
    async () =>
      outcomeOf(
        'restart',
        () => {
          log('restarting the kiosk page from the error page');
          restart();
          return true;
        },
        log,
      ),
    'error-page',
  );
  return () => ipcMain.removeHandler(IPC.restart);
}

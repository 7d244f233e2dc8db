import { app, ipcMain, type BrowserWindow, type Input } from 'electron';
import { Pin } from '../core/api/staff.js';
import { outcomeOf } from '../service/connection.js';
import { valueProblem } from '../core/schema-messages.js';
import { IPC } from './ipc-channels.js';
import { handleFromKiosk } from './kiosk-frame.js';

/** What leaving kiosk mode needs of the service; it counts wrong PINs and locks PIN entry itself. */
export interface ManagerPinCheck {
  verifyManagerPin(pin: string): boolean;
}

/** Ctrl+Shift+Q, on key down. */
export function isExitShortcut(input: Input): boolean {
  return input.type === 'keyDown' && input.control && input.shift && !input.alt && !input.meta && input.key.toLowerCase() === 'q';
}

/**
 * Leaving kiosk mode takes a manager's PIN: the exit shortcut asks the page for one, and only a
 * PIN the service accepts quits the app. Closing the window any other way (Alt+F4) is refused;
 * a quit that is already under way (the PIN's, the OS shutting down) is not.
 */
export function guardKioskExit(window: BrowserWindow, service: ManagerPinCheck, log: (line: string) => void): () => void {
  let quitting = false;
  const onBeforeQuit = () => {
    quitting = true;
  };
  app.on('before-quit', onBeforeQuit);
  window.on('close', (event) => {
    if (!quitting) event.preventDefault();
  });
  // before-input-event sees the key before the page does and needs no global shortcut.
  window.webContents.on('before-input-event', (event, input) => {
    if (!isExitShortcut(input)) return;
    event.preventDefault();
    window.webContents.send(IPC.exitRequested);
  });
  // The crash-loop page asks for the PIN too: a manager must be able to leave a kiosk that cannot run.
  handleFromKiosk(
    IPC.exit,
    window,
    'an exit request',
    log,
    async (pin) => {
      const parsed = Pin.safeParse(pin);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return {
          ok: false,
          error: {
            code: 'invalid',
            message: `the PIN ${issue?.message ?? 'is invalid'}`,
            detail: { what: 'input', field: 'pin', problem: issue ? valueProblem(issue) : { kind: 'badly_written' } },
          },
        };
      }
      return outcomeOf(
        'exit',
        () => {
          const accepted = service.verifyManagerPin(parsed.data);
          if (accepted) {
            log('a manager left kiosk mode');
            app.quit();
          }
          return accepted;
        },
        log,
      );
    },
    'kiosk-or-error-page',
  );
  return () => {
    ipcMain.removeHandler(IPC.exit);
    app.off('before-quit', onBeforeQuit);
  };
}

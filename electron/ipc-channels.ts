import type { WireError } from '../core/errors.js';

/** Every IPC channel between main and preload: one list, so nothing else is ever listened to. */
export const IPC = {
  /** renderer → main: (method, input) → IpcReply, for the methods of core/api.ts */
  call: 'kiosk:call',
  /** main → renderer: (event, payload), for the events of core/api.ts */
  event: 'kiosk:event',
  /** main → renderer: the exit shortcut was pressed; ask for a manager's PIN */
  exitRequested: 'kiosk:exit-requested',
  /** renderer or the crash-loop page → main: (pin) → IpcReply of a boolean; a right PIN quits the app */
  exit: 'kiosk:exit',
  /** error page → main: () → IpcReply of true; the built-in crash-loop page's "Restart kiosk" reloads the kiosk page */
  restart: 'kiosk:restart',
  /** renderer → main: (export input) → IpcReply of { saved, path }; a manager's export through the save dialog */
  saveExport: 'kiosk:save-export',
} as const;

/** What an IPC call resolves to: errors travel as data so their code and message survive the bridge. */
export type IpcReply = { ok: true; result: unknown } | { ok: false; error: WireError };

/** Every IPC channel between main and preload: one list, so nothing else is ever listened to. */
export const IPC = {
  /** renderer → main: (method, input) → Outcome (core/outcome.ts), for the methods of core/api.ts */
  call: 'kiosk:call',
  /** main → renderer: (event, payload), for the events of core/api.ts */
  event: 'kiosk:event',
  /** main → renderer: the exit shortcut was pressed; ask for a manager's PIN */
  exitRequested: 'kiosk:exit-requested',
  /** renderer or the crash-loop page → main: (pin) → Outcome of a boolean; a right PIN quits the app */
  exit: 'kiosk:exit',
  /** error page → main: () → Outcome of true; the built-in crash-loop page's "Restart kiosk" reloads the kiosk page */
  restart: 'kiosk:restart',
  /** renderer → main: (export input) → Outcome of { saved, path }; a manager's export through the save dialog */
  saveExport: 'kiosk:save-export',
} as const;

import { contextBridge, ipcRenderer } from 'electron';
import { isEventName, METHOD_NAMES } from '../core/method-names.js';
import { resultOf } from '../core/outcome.js';
import { IPC } from './ipc-channels.js';

/**
 * window.kiosk: one function per method of core/api.ts (by name only: the schemas stay in main,
 * which checks every call; refusals come back as data and are rethrown with their code), `on` for its events, the two halves
 * of leaving kiosk mode, restarting from the crash-loop page, and saving an export; nothing else
 * of Electron or Node.
 */
const methods = Object.fromEntries(
  METHOD_NAMES.map((method) => [method, async (input: unknown) => resultOf(await ipcRenderer.invoke(IPC.call, method, input))]),
);

function on(event: string, listener: (payload: unknown) => void): () => void {
  if (!isEventName(event)) throw new Error(`unknown event "${event}"`);
  const relay = (_: unknown, name: string, payload: unknown) => {
    if (name === event) listener(payload);
  };
  ipcRenderer.on(IPC.event, relay);
  return () => ipcRenderer.off(IPC.event, relay);
}

/** The exit shortcut was pressed: the page should ask for a manager's PIN. */
function onExitRequested(listener: () => void): () => void {
  const relay = () => listener();
  ipcRenderer.on(IPC.exitRequested, relay);
  return () => ipcRenderer.off(IPC.exitRequested, relay);
}

/** True (and the app quits) for a manager's PIN, false for a wrong one; rejects while PIN entry is locked. */
async function exitKiosk(pin: string): Promise<boolean> {
  return resultOf(await ipcRenderer.invoke(IPC.exit, pin)) as boolean;
}

/** For the built-in crash-loop page only (main refuses it from any other page): load the kiosk page again. */
async function restartKiosk(): Promise<boolean> {
  return resultOf(await ipcRenderer.invoke(IPC.restart)) as boolean;
}

/** A manager's export, written where they choose in the save dialog; { saved: false } when they cancel. */
async function saveExport(input: unknown): Promise<{ saved: boolean; path?: string }> {
  return resultOf(await ipcRenderer.invoke(IPC.saveExport, input)) as { saved: boolean; path?: string };
}

contextBridge.exposeInMainWorld('kiosk', { ...methods, on, onExitRequested, exitKiosk, restartKiosk, saveExport });

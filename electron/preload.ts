import { contextBridge, ipcRenderer } from 'electron';
import { EVENTS, METHODS } from '../core/api.js';
import { IPC, type IpcReply } from './ipc-channels.js';

/**
 * window.kiosk: one function per method of core/api.ts and `on` for its events, nothing
 * else of Electron or Node. Errors come back as data and are rethrown here with their message.
 */
const methods = Object.fromEntries(
  Object.keys(METHODS).map((method) => [
    method,
    async (input: unknown) => {
      const reply = (await ipcRenderer.invoke(IPC.call, method, input)) as IpcReply;
      if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
      return reply.result;
    },
  ]),
);

function on(event: string, listener: (payload: unknown) => void): () => void {
  if (!Object.hasOwn(EVENTS, event)) throw new Error(`unknown event "${event}"`);
  const relay = (_: unknown, name: string, payload: unknown) => {
    if (name === event) listener(payload);
  };
  ipcRenderer.on(IPC.event, relay);
  return () => ipcRenderer.off(IPC.event, relay);
}

contextBridge.exposeInMainWorld('kiosk', { ...methods, on });

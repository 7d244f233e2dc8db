import { METHODS, type EventName, type EventPayload, type KioskApi, type MethodInput, type MethodName } from '../core/api';
import { WIRE_PATH, type WireEvent, type WireReply } from '../core/wire';

/** What only the Electron app can do: leave kiosk mode with a manager's PIN, save an export where the manager chooses. */
export interface KioskShell {
  onExitRequested(listener: () => void): () => void;
  exitKiosk(pin: string): Promise<boolean>;
  saveExport?(input: MethodInput<'prepareExport'>): Promise<{ saved: boolean; path?: string }>;
}

export interface KioskClient {
  api: KioskApi;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  shell?: KioskShell;
}

type Bridge = KioskApi & KioskShell & { on: (event: string, listener: (payload: unknown) => void) => () => void };

declare global {
  interface Window {
    kiosk?: Bridge;
  }
}

const CONNECT_WAIT_MS = 3000;

/** Browser mode: the same contract over the WebSocket beside the page; calls wait a moment for the socket to open. */
function webSocketClient(): KioskClient {
  const token = new URLSearchParams(location.search).get('token');
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WIRE_PATH}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket;
  let opened: Promise<void>;

  const connect = () => {
    socket = new WebSocket(url);
    opened = new Promise((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));
    socket.addEventListener('message', (message) => {
      const data = JSON.parse(String(message.data)) as WireReply | WireEvent;
      if ('event' in data) listeners.get(data.event)?.forEach((listener) => listener(data.payload));
      else {
        const call = pending.get(data.id);
        pending.delete(data.id);
        if (data.ok) call?.resolve(data.result);
        else call?.reject(Object.assign(new Error(data.error.message), data.error));
      }
    });
    socket.addEventListener('close', () => {
      pending.forEach((call) => call.reject(Object.assign(new Error('lost the connection to the kiosk service'), { code: 'offline' })));
      pending.clear();
      setTimeout(connect, 1000);
    });
  };
  connect();

  const call = async (method: MethodName, input: unknown) => {
    // A socket coming back gets a moment; a kiosk whose service is gone says so instead of waiting for ever.
    if (socket.readyState !== WebSocket.OPEN) await Promise.race([opened, new Promise((resolve) => setTimeout(resolve, CONNECT_WAIT_MS))]);
    if (socket.readyState !== WebSocket.OPEN) throw Object.assign(new Error('the kiosk service cannot be reached'), { code: 'offline' });
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, input: input ?? {} }));
    });
  };
  const api = Object.fromEntries(Object.keys(METHODS).map((m) => [m, (input: unknown) => call(m as MethodName, input)])) as KioskApi;
  return {
    api,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
}

/** IPC through the preload when running in Electron, the WebSocket otherwise. */
export function connectKiosk(): KioskClient {
  const bridge = window.kiosk;
  if (!bridge) return webSocketClient();
  return {
    api: bridge,
    on: (event, listener) => bridge.on(event, listener as (payload: unknown) => void),
    shell: {
      onExitRequested: (listener) => bridge.onExitRequested(listener),
      exitKiosk: (pin) => bridge.exitKiosk(pin),
      ...(bridge.saveExport && { saveExport: (input: MethodInput<'prepareExport'>) => bridge.saveExport!(input) }),
    },
  };
}

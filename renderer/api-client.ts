import type { EventName, EventPayload, KioskApi, MethodInput, MethodName } from '../core/api';
import { METHOD_NAMES } from '../core/method-names';
import { ScreenName } from '../core/readers';
import { callError, offline, type CallError } from '../core/outcome';
import { WIRE_PATH, type WireEvent, type WireReply } from '../core/wire';
import { EventListeners } from './event-listeners';

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
  /** A `?screen=` name in the page's address that no reader could be given: the page says so and connects to nothing. */
  badScreenName?: string;
}

type Bridge = KioskApi & KioskShell & { on: (event: string, listener: (payload: unknown) => void) => () => void };

declare global {
  interface Window {
    kiosk?: Bridge;
  }
}

const CONNECT_WAIT_MS = 3000;

/**
 * Browser mode: the same contract over the WebSocket beside the page; calls wait a moment for the
 * socket to open. The page's pairing token and screen name go with it.
 */
function webSocketClient(): KioskClient {
  const params = new URLSearchParams(location.search);
  const screen = params.get('screen');
  if (screen !== null && !ScreenName.safeParse(screen).success) return { api: unconnected(), on: () => () => {}, badScreenName: screen };
  const query = new URLSearchParams([...(['token', 'screen'] as const).flatMap((key) => (params.has(key) ? [[key, params.get(key)!]] : []))]);
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WIRE_PATH}${query.size ? `?${query}` : ''}`;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: CallError) => void }>();
  const listeners = new EventListeners();
  let nextId = 1;
  let socket: WebSocket;
  let opened: Promise<void>;

  const connect = () => {
    socket = new WebSocket(url);
    opened = new Promise((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));
    socket.addEventListener('message', (message) => {
      const data = JSON.parse(String(message.data)) as WireReply | WireEvent;
      if ('event' in data) listeners.emit(data.event, data.payload);
      else {
        const call = pending.get(data.id);
        pending.delete(data.id);
        if (data.ok) call?.resolve(data.result);
        else call?.reject(callError(data.error));
      }
    });
    socket.addEventListener('close', () => {
      pending.forEach((call) => call.reject(offline('lost the connection to the kiosk service')));
      pending.clear();
      setTimeout(connect, 1000);
    });
  };
  connect();

  const call = async (method: MethodName, input: unknown) => {
    // A socket coming back gets a moment; a kiosk whose service is gone says so instead of waiting for ever.
    if (socket.readyState !== WebSocket.OPEN) await Promise.race([opened, new Promise((resolve) => setTimeout(resolve, CONNECT_WAIT_MS))]);
    if (socket.readyState !== WebSocket.OPEN) throw offline('the kiosk service cannot be reached');
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, input: input ?? {} }));
    });
  };
  const api = Object.fromEntries(METHOD_NAMES.map((m) => [m, (input: unknown) => call(m, input)])) as KioskApi;
  return { api, on: (event, listener) => listeners.on(event, listener) };
}

/** The contract on a page that must not connect: every call is refused, with why. */
function unconnected(): KioskApi {
  const refuse = () => Promise.reject(offline('this screen does not connect: its name in the address cannot be used'));
  return Object.fromEntries(METHOD_NAMES.map((m) => [m, refuse])) as unknown as KioskApi;
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

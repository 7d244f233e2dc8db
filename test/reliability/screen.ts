import WebSocket from 'ws';
import type { CheckinResult } from '../../core/api/checkin';
import type { ReaderStatus } from '../../core/readers';
import { until } from '../fixtures/wait';

export interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

/**
 * A kiosk screen on the WebSocket, as the browser page opens it (Origin = the page's origin):
 * it records every event pushed to it, and calls contract methods.
 */
export class Screen {
  readonly checkins: CheckinResult[] = [];
  readonly readerStatuses: ReaderStatus[] = [];
  readonly events: { event: string; payload: unknown }[] = [];
  closed: { code: number; reason: string } | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const message = JSON.parse(String(data)) as Reply & { event?: string; payload?: unknown };
      if (message.event !== undefined) {
        this.events.push({ event: message.event, payload: message.payload });
        if (message.event === 'checkin') this.checkins.push(message.payload as CheckinResult);
        if (message.event === 'readerStatus') this.readerStatuses.push(message.payload as ReaderStatus);
        return;
      }
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
    });
    socket.on('error', () => {});
  }

  /** `localAddress`: the address the screen connects from (another 127.x is another screen of this machine). */
  static open(pageUrl: string, options: { origin?: string; maxPayload?: number; localAddress?: string } = {}): Promise<Screen> {
    const page = new URL(pageUrl);
    const socket = new WebSocket(`ws://${page.host}/api${page.search}`, {
      origin: options.origin ?? page.origin,
      ...(options.maxPayload && { maxPayload: options.maxPayload }),
      ...(options.localAddress && { localAddress: options.localAddress }),
    });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new Screen(socket)));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  call(method: string, input: unknown = {}): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, resolve);
      this.socket.send(JSON.stringify({ id, method, input }), (error) => error && reject(error));
    });
  }

  async readerConnected(readerId = 'desk', ms = 5000): Promise<void> {
    await until(
      `reader ${readerId} connected`,
      async () => {
        const reply = await this.call('readerStatuses');
        return (reply.result as ReaderStatus[]).some((s) => s.readerId === readerId && s.state === 'connected');
      },
      ms,
      50,
    );
  }

  close(): void {
    this.socket.terminate();
  }
}

import net from 'node:net';

const HEADERS_END = Buffer.from('\r\n\r\n');

/**
 * One kiosk's keep-alive connection to the registry, sending requests built beforehand as bytes
 * and reading back only the status. The poll figure's kiosks share the two cores the registry is
 * measured on, where on a real exchange each is a machine of its own; node:http's client cost
 * 60–80 µs of CPU per poll here, a third of the registry's answer, and this about a fifth of that.
 * One request at a time; answers must carry a Content-Length (the registry's all do).
 */
export class HttpLane {
  private socket: net.Socket | null = null;
  private received: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (status: number) => void; reject: (error: Error) => void } | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** `GET path` with these headers, as the bytes `send` takes. */
  static get(url: URL, path: string, headers: Record<string, string>): Buffer {
    const lines = [`GET ${path} HTTP/1.1`, `Host: ${url.host}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
    return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  }

  /** Sends one request's bytes; the answer's status once its body has arrived. */
  send(request: Buffer): Promise<number> {
    if (this.waiting) return Promise.reject(new Error('a lane sends one request at a time'));
    const socket = this.socket ?? this.connect();
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      socket.write(request);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
    this.received = Buffer.alloc(0);
  }

  private connect(): net.Socket {
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    // A connection this lane closed itself is gone already; only one the registry closed fails a request.
    const gone = (error?: Error) => {
      if (this.socket === socket) this.fail(error ?? new Error('the registry closed the connection before answering'));
    };
    socket.once('error', gone);
    socket.once('close', () => gone());
    this.socket = socket;
    return socket;
  }

  private read(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    const end = this.received.indexOf(HEADERS_END);
    if (end < 0) return;
    const head = this.received.toString('latin1', 0, end);
    const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1]);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!status || (!length && status !== 304)) return this.fail(new Error(`an answer the bench cannot frame: ${head.split('\r\n')[0]}`));
    const total = end + HEADERS_END.length + Number(length?.[1] ?? 0);
    if (this.received.length < total) return;
    if (/\r\nconnection: *close/i.test(head)) this.close();
    else this.received = this.received.subarray(total);
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve(status);
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(error);
    this.close();
  }
}

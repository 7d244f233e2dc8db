import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { serve, type ServeProcess } from './serve-process';

// The HTTP side of `visa-kiosk serve`, as any program on the network (or an <img> on a page the
// kiosk's browser opens) can reach it: whatever arrives is answered, and the kiosk goes on.

export interface RawReply {
  text: string;
  /** Every status code in the reply, in order (several for pipelined requests). */
  statuses: number[];
  /** When the server closed the connection, ms after the request began. */
  closedAfterMs: number;
}

/** Writes bytes to the server as they are (no client library to tidy them) and reads until it closes. */
export function raw(port: number, request: string | Buffer, options: { then?: (socket: net.Socket) => void; giveUpMs?: number } = {}): Promise<RawReply> {
  return new Promise((resolve) => {
    const began = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => {});
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ text, statuses: [...text.matchAll(/^HTTP\/1\.[01] (\d{3}) /gm)].map((m) => Number(m[1])), closedAfterMs: Date.now() - began });
    });
    socket.setTimeout(options.giveUpMs ?? 10_000, () => socket.destroy());
    socket.write(request);
    options.then?.(socket);
  });
}

/** `visa-kiosk serve --demo`, started before a file's tests and killed after them. */
export function useServedKiosk() {
  const served = { kiosk: undefined as unknown as ServeProcess, port: 0, page: '' };
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'visa-kiosk-http-'));
    served.kiosk = await serve(path.join(dir, 'kiosk.db'), ['--demo']);
    served.page = served.kiosk.url;
    served.port = Number(new URL(served.page).port);
  });
  afterAll(async () => {
    await served.kiosk?.kill('SIGKILL');
  });

  /** The kiosk process is alive and its page is served as usual. */
  async function stillServing(): Promise<void> {
    expect(served.kiosk.child.exitCode, served.kiosk.output()).toBe(null);
    const response = await fetch(served.page);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root">');
  }

  const get = (target: string, headers = '') => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${served.port}\r\n${headers}Connection: close\r\n\r\n`;
  return { served, stillServing, get };
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENTS, type CheckinResult, type EventName } from '../../core/api.js';
import { KioskError } from '../../core/errors.js';
import { parseExportPath, WIRE_PATH, WireRequest, type WireEvent, type WireReply } from '../../core/wire.js';
import { dispatch, type Connection } from '../dispatch.js';
import type { KioskService } from '../kiosk-service.js';
import { withoutTicket } from '../staff-taps.js';
import { serveStatic } from './static-files.js';
import { EXPORT_TEMP_PREFIX } from '../leftovers.js';

export interface ServerOptions {
  host: string;
  port: number;
  /** The built renderer (dist/renderer). */
  staticRoot: string;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  /** Required from clients when serving beyond loopback; printed once at start. */
  token: string | null;
  close: () => Promise<void>;
}

const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function sameOrigin(request: http.IncomingMessage): boolean {
  const origin = request.headers.origin;
  return origin !== undefined && origin === `http://${request.headers.host}`;
}

/**
 * The page's address names this computer. Without a pairing token, a socket is only taken
 * from a page at 127.0.0.1 / localhost: a site whose name an attacker re-points at 127.0.0.1
 * (DNS rebinding) has a matching Origin and Host of its own, but not a loopback one.
 */
function loopbackHost(request: http.IncomingMessage): boolean {
  try {
    return isLoopback(new URL(`http://${request.headers.host ?? ''}`).hostname.replace(/^\[|\]$/g, ''));
  } catch {
    return false;
  }
}

function tokenMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function reply(socket: WebSocket, message: WireReply | WireEvent): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

/** A manager's export, by its one-time ticket: written by the export worker to a private temp file, then sent. */
async function sendExport(service: KioskService, ticket: string, fileName: string, response: http.ServerResponse, log: (line: string) => void): Promise<void> {
  const job = service.takeExport(ticket);
  if (!job) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('This download has expired or was used already: export again.\n');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), EXPORT_TEMP_PREFIX));
  const file = path.join(dir, fileName);
  try {
    await service.exportToFile(job, file);
    response.writeHead(200, {
      'Content-Type': job.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Content-Length': fs.statSync(file).size,
      'Cache-Control': 'no-store',
    });
    await pipeline(fs.createReadStream(file), response);
  } catch (error) {
    log(`export ${fileName} failed: ${(error as Error).message}`);
    if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`The export failed: ${(error as Error).message}\n`);
    else response.destroy();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The request's address with its path decoded, or null for one that cannot be read ("//",
 * "%E0%A4%A"): answered 400, never thrown, so no request can take the kiosk down.
 */
function readAddress(request: http.IncomingMessage): { url: URL; path: string } | null {
  try {
    const url = new URL(request.url ?? '/', 'http://kiosk');
    return { url, path: decodeURIComponent(url.pathname) };
  } catch {
    return null;
  }
}

/**
 * Browser mode: the kiosk page over HTTP and the API contract over a WebSocket beside it.
 * Loopback by default; any other address needs the pairing token, and every socket must
 * come from the page's own origin so another site in the same browser cannot drive it.
 */
export async function startServer(service: KioskService, options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? (() => {});
  const token = isLoopback(options.host) ? null : crypto.randomBytes(18).toString('base64url');
  const server = http.createServer((request, response) => {
    const address = readAddress(request);
    if (!address) {
      response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request: the address cannot be read.\n');
      return;
    }
    const download = parseExportPath(address.url.pathname);
    if (download && request.method === 'GET') void sendExport(service, download.ticket, download.fileName, response, log);
    else serveStatic(options.staticRoot, address.path, request, response);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (request, socket, head) => {
    const url = readAddress(request)?.url;
    const refused = !url ? 400 : url.pathname !== WIRE_PATH ? 404 : !sameOrigin(request) || (!token && !loopbackHost(request)) ? 403 : token && !tokenMatches(token, url.searchParams.get('token')) ? 401 : 0;
    if (refused) {
      log(`refused a WebSocket from ${request.socket.remoteAddress ?? '?'}: ${refused}`);
      socket.end(`HTTP/1.1 ${refused} ${http.STATUS_CODES[refused]}\r\nConnection: close\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  // Screens on other machines (paired with the token) never hear a staff badge's sign-in ticket,
  // and a staff badge typed there only picks the account: the PIN is asked for.
  const remote = new WeakSet<WebSocket>();
  sockets.on('connection', (socket, request: http.IncomingMessage) => {
    const address = (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const local = isLoopback(address);
    if (!local) remote.add(socket);
    // Each screen signs its own staff in; a session never spans two sockets. A screen elsewhere is named by its address.
    const connection: Connection = { session: null, screen: { id: local ? 'this computer' : address || 'unknown address', local } };
    socket.on('close', () => service.signOut(connection.session));
    // A frame ws refuses (over maxPayload, bad UTF-8, a protocol error) is reported here and the
    // socket closed by ws; unheard, the 'error' event would take the whole kiosk down.
    socket.on('error', (error) => log(`closed a WebSocket: ${error.message}`));
    socket.on('message', async (data, isBinary) => {
      let request: WireRequest;
      try {
        request = WireRequest.parse(JSON.parse(isBinary ? '' : String(data)));
      } catch {
        socket.close(1003, 'not a kiosk API message');
        return;
      }
      try {
        const result = await dispatch(service, request.method, request.input, connection);
        reply(socket, { id: request.id, ok: true, result });
      } catch (error) {
        if (!(error instanceof KioskError)) log(`${request.method} failed: ${(error as Error).stack ?? String(error)}`);
        const known = error instanceof KioskError;
        reply(socket, { id: request.id, ok: false, error: { code: known ? error.code : 'internal', message: known ? error.message : 'the kiosk hit an internal error' } });
      }
    });
  });

  const forward = (Object.keys(EVENTS) as EventName[]).map((event) => {
    const listener = (payload: unknown) => {
      const elsewhere = event === 'checkin' ? withoutTicket(payload as CheckinResult) : payload;
      for (const client of sockets.clients) reply(client, { event, payload: remote.has(client) ? elsewhere : payload });
    };
    service.events.on(event, listener);
    return () => service.events.off(event, listener);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      for (const stop of forward) stop();
      if (error.code === 'EADDRINUSE') reject(new KioskError(`port ${options.port} on ${options.host} is in use by another program: choose another with --port`));
      else if (error.code === 'ENOTFOUND' || error.code === 'EADDRNOTAVAIL') reject(new KioskError(`cannot listen on ${options.host}: it is not an address of this computer`));
      else reject(error);
    });
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/${token ? `?token=${token}` : ''}`,
    token,
    close: async () => {
      forward.forEach((off) => off());
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => server.close(() => resolve())));
    },
  };
}

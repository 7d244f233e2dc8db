import crypto from 'node:crypto';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { KioskError } from '../../core/errors.js';
import { isLoopback } from '../../core/loopback.js';
import { parseExportPath, WIRE_PATH } from '../../core/wire.js';
import { ScreenName } from '../../core/readers.js';
import { forwardEvents, type ClientLine } from '../connection.js';
import type { Kiosk } from '../kiosk.js';
import type { Screen } from '../staff-access.js';
import { KeyedBuckets } from '../token-bucket.js';
import { limitConnectionsPerAddress, peerAddress } from './address-connections.js';
import {
  HTTP_TIMEOUTS,
  MAX_CONNECTIONS,
  MAX_CONNECTIONS_ELSEWHERE,
  MAX_CONNECTIONS_PER_ADDRESS,
  MAX_MESSAGE_BYTES,
  MAX_PIPELINED,
  MAX_SCREENS,
  MAX_SCREENS_PER_DEVICE,
  OPENINGS_RATE,
} from './limits.js';
import { roomForScreen } from './screen-places.js';
import { LINGER, lingerWhileSending } from './linger.js';
import { admitRequest } from './pipelined.js';
import { sendExport } from './export-download.js';
import { sendTo, serveScreen } from './screen-socket.js';
import { RefusalLog } from './refusal-log.js';
import { StaticFiles } from './static-files.js';

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

export { isLoopback };

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

/** A page's `?screen=` name, when it has one, is one an operator could give a reader. */
const validScreenName = (name: string | null): boolean => name === null || ScreenName.safeParse(name).success;

/** What a refused upgrade (or CONNECT) hears, as plain HTTP on the raw socket. */
const REFUSALS: Record<number, string> = {
  400: 'Bad request: the address cannot be read.',
  401: 'This screen needs the pairing token printed when the kiosk started.',
  403: 'Only the kiosk page itself may open its connection.',
  404: 'There is no such connection here.',
  405: 'This kiosk serves its page with GET and HEAD only.',
  422: 'The screen name in this page’s address (?screen=) may hold only letters, digits, ".", "_" and "-", at most 40 of them.',
  429: 'Too many connections from this address just now: wait a moment, then reload.',
  503: `This kiosk serves at most ${MAX_SCREENS} screens at once, ${MAX_SCREENS_PER_DEVICE} of them on one other device: close one, then reload this page.`,
};

function refuseRaw(socket: Duplex, status: number): void {
  const body = `${REFUSALS[status] ?? http.STATUS_CODES[status]}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  // Ending is only our half: a client that never closes its own would hold the connection for ever.
  const timer = setTimeout(() => socket.destroy(), LINGER.ms).unref();
  socket.once('close', () => clearTimeout(timer));
}

const screenId = (from: string) => `screen at ${from}`;

/** The address a client connects from, without the IPv4-in-IPv6 prefix. */
const clientAddress = (request: http.IncomingMessage): string => peerAddress(request.socket.remoteAddress);

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
export async function startServer(service: Kiosk, options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? (() => {});
  const token = isLoopback(options.host) ? null : crypto.randomBytes(18).toString('base64url');
  const staticFiles = new StaticFiles(path.resolve(options.staticRoot));
  const handle = async (request: http.IncomingMessage, response: http.ServerResponse, gone: AbortSignal): Promise<void> => {
    const address = readAddress(request);
    if (!address) {
      response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request: the address cannot be read.\n');
      return;
    }
    const download = parseExportPath(address.url.pathname);
    if (download && (request.method === 'GET' || request.method === 'HEAD'))
      await sendExport(service, { method: request.method, ...download }, response, gone, log);
    else staticFiles.serve(address.path, request, response);
  };
  const server = http.createServer({ connectionsCheckingInterval: HTTP_TIMEOUTS.checkEveryMs }, (request, response) => {
    const gone = admitRequest(request, response, MAX_PIPELINED);
    if (!gone) return;
    // The kiosk reads no request's body: a client still sending one must be able to read the answer.
    lingerWhileSending(request);
    // Whatever a request holds, it is answered, and the kiosk goes on.
    handle(request, response, gone).catch((error: unknown) => {
      log(`${request.method} ${String(request.url).slice(0, 200)} failed: ${(error as Error)?.stack ?? String(error)}`);
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The kiosk hit an internal error.\n');
      else response.destroy();
    });
  });
  server.headersTimeout = HTTP_TIMEOUTS.headersMs;
  server.requestTimeout = HTTP_TIMEOUTS.requestMs;
  server.keepAliveTimeout = HTTP_TIMEOUTS.keepAliveMs;
  server.timeout = HTTP_TIMEOUTS.idleMs;
  server.maxConnections = MAX_CONNECTIONS;
  limitConnectionsPerAddress(server, MAX_CONNECTIONS_PER_ADDRESS, MAX_CONNECTIONS_ELSEWHERE);
  // Unheard, CONNECT closes the connection without a word.
  server.on('connect', (_request, socket: Duplex) => {
    socket.on('error', () => {});
    refuseRaw(socket, 405);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const lines = new WeakMap<WebSocket, ClientLine>();
  const openings = new KeyedBuckets(OPENINGS_RATE);
  const refusals = new RefusalLog(log);

  /** Why a socket is not taken, as an HTTP status; 0 when it is. */
  const refusal = (request: http.IncomingMessage, from: string): number => {
    const url = readAddress(request)?.url;
    if (!url) return 400;
    if (url.pathname !== WIRE_PATH) return 404;
    if (!sameOrigin(request) || (!token && !loopbackHost(request))) return 403;
    if (token && !tokenMatches(token, url.searchParams.get('token'))) return 401;
    if (!validScreenName(url.searchParams.get('screen'))) return 422;
    const open = [...sockets.clients].map((client) => lines.get(client)?.screen);
    if (!roomForScreen(open, { id: screenId(from), local: isLoopback(from) })) return 503;
    return openings.take(from) ? 0 : 429;
  };

  server.on('upgrade', (request, socket: Duplex, head) => {
    // Node stops listening for the raw socket's errors once it is handed over: a reset here would be uncaught.
    socket.on('error', () => {});
    const from = clientAddress(request);
    const refused = refusal(request, from);
    if (refused) {
      refusals.refused(from, refused);
      refuseRaw(socket, refused);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  // Each screen signs its own staff in; a session never spans two sockets. It is known by its
  // address, so a screen that reconnects keeps its wrong-PIN and badge-flood counts, and by the
  // name its page's address gives it (?screen=), which readers are given to.
  sockets.on('connection', (socket, request: http.IncomingMessage) => {
    const from = clientAddress(request);
    const name = readAddress(request)?.url.searchParams.get('screen');
    const screen: Screen = { id: screenId(from), local: isLoopback(from), ...(name && { name }) };
    lines.set(socket, serveScreen(service, socket, screen, log));
  });

  // Each screen hears what is for it (service/connection.ts): its own check-ins, its readers' taps.
  const stopEvents = forwardEvents(service, (event, payloadFor) => {
    for (const client of sockets.clients) {
      const line = lines.get(client);
      const payload = line && payloadFor(line);
      if (payload !== undefined) sendTo(client, { event, payload }, log, line!.screen.id);
    }
  });

  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      stopEvents();
      if (error.code === 'EADDRINUSE')
        reject(new KioskError(`port ${options.port} on ${options.host} is in use by another program: choose another with --port`));
      else if (error.code === 'ENOTFOUND' || error.code === 'EADDRNOTAVAIL')
        reject(new KioskError(`cannot listen on ${options.host}: it is not an address of this computer`));
      else reject(error);
    };
    server.once('error', failed);
    server.listen(options.port, options.host, () => {
      server.off('error', failed);
      // A failure once listening (out of file handles on accept) is told, never thrown.
      server.on('error', (error) => log(`the web server: ${error.message}`));
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/${token ? `?token=${token}` : ''}`,
    token,
    close: async () => {
      stopEvents();
      refusals.flush();
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) =>
        sockets.close(() => {
          server.close(() => resolve());
          // A connection still sending its headers would hold the close until its timeout.
          server.closeAllConnections();
        }),
      );
    },
  };
}

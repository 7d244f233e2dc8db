import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { KioskError } from '../../core/errors.js';
import { readBody } from './body.js';
import type { RegistryContext } from './context.js';
import { limitConnectionsPerAddress } from './address-connections.js';
import { HTTP_TIMEOUTS, MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS, MAX_HEADER_BYTES, MAX_PIPELINED } from './limits.js';
import { LINGER, lingerWhileSending } from './linger.js';
import { admitRequest } from './pipelined.js';
import { Refusal, refusalOf, sendRefusal } from './reply.js';
import { loggedAddress } from './logged-address.js';
import { matchRoute } from './routes.js';

export interface ServeOptions {
  host: string;
  port: number;
  tls?: { cert: string; key: string };
  log: (line: string) => void;
}

export interface RunningRegistry {
  url: string;
  close: () => Promise<void>;
}

/** What a request the parser cannot take hears, as raw HTTP: one sentence, then the connection closes. */
const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, "this request's headers are larger than the registry takes"],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'this request did not arrive in time'],
  ERR_HTTP_HEADERS_TIMEOUT: [408, "this request's headers did not arrive in time"],
};

function refuseRaw(socket: Duplex, status: number, code: string, message: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  // Ending is only our half: a client that never closes its own (a slowloris) would hold the connection for ever.
  const timer = setTimeout(() => socket.destroy(), LINGER.ms).unref();
  socket.once('close', () => clearTimeout(timer));
}

/** A registry listening here is reached only from this computer: through its reverse proxy, every peer one address. */
const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

async function handle(context: RegistryContext, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  let url: URL;
  try {
    url = new URL(request.url ?? '/', 'http://registry');
  } catch {
    throw new Refusal(400, 'bad_request', 'the address of this request cannot be read');
  }
  const match = matchRoute(request.method ?? 'GET', url.pathname);
  if (!match) throw new Refusal(404, 'not_found', 'there is nothing at this address');
  if ('allow' in match) throw new Refusal(405, 'method_not_allowed', `this address takes ${match.allow} only`, { Allow: match.allow });
  const body = await readBody(request, match.maxBody);
  await match.handler(context, { request, response, url, params: match.params, body: body.bytes, bodySha256: body.sha256 });
}

/** The registry's HTTP API on node:http (or https with a certificate): every request answered, none able to stop it. */
export async function startRegistryServer(context: RegistryContext, options: ServeOptions): Promise<RunningRegistry> {
  const onRequest = (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (!admitRequest(request, response, MAX_PIPELINED)) return;
    handle(context, request, response).catch((error: unknown) => {
      const refusal = error instanceof Refusal ? error : error instanceof KioskError ? refusalOf(error) : null;
      if (!refusal) options.log(`${request.method} ${loggedAddress(request.url)} failed: ${(error as Error)?.stack ?? String(error)}`);
      if (response.headersSent) return void response.destroy();
      // A client still sending a refused body must be able to read why before the connection goes.
      if (refusal?.headers.Connection === 'close') lingerWhileSending(request);
      sendRefusal(response, refusal ?? new Refusal(500, 'internal', 'the registry hit an internal error; its log says more'));
    });
  };
  const settings = { maxHeaderSize: MAX_HEADER_BYTES, connectionsCheckingInterval: HTTP_TIMEOUTS.checkEveryMs };
  const server = options.tls
    ? https.createServer({ ...settings, cert: fs.readFileSync(options.tls.cert), key: fs.readFileSync(options.tls.key) }, onRequest)
    : http.createServer(settings, onRequest);
  server.headersTimeout = HTTP_TIMEOUTS.headersMs;
  server.requestTimeout = HTTP_TIMEOUTS.requestMs;
  server.keepAliveTimeout = HTTP_TIMEOUTS.keepAliveMs;
  server.maxConnections = MAX_CONNECTIONS;
  if (!isLoopback(options.host)) limitConnectionsPerAddress(server, MAX_CONNECTIONS_PER_ADDRESS);
  // Unheard, CONNECT closes the connection without a word.
  server.on('connect', (_request, socket: Duplex) => {
    socket.on('error', () => {});
    refuseRaw(socket, 405, 'method_not_allowed', 'the registry is not a proxy: it answers GET, HEAD, POST, PUT, PATCH and DELETE');
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const [status, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'this is not an HTTP request the registry can read'];
    refuseRaw(socket, status, status === 400 ? 'bad_request' : status === 431 ? 'headers_too_large' : 'timeout', message);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new KioskError(`port ${options.port} on ${options.host} is in use by another program: choose another with --port`)
          : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
            ? new KioskError(`cannot listen on ${options.host}: it is not an address of this computer`)
            : error,
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

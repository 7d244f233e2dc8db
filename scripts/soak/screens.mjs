// How the soak talks to the kiosk as its screens do: the WebSocket API and a download.
import http from 'node:http';
import WebSocket from 'ws';

/** A screen on the kiosk's WebSocket, as the page opens it. */
export async function openScreen(url) {
  const socket = new WebSocket(`ws://${url.host}/api`, { origin: url.origin });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let next = 1;
  const waiting = new Map();
  const listeners = new Set();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.event !== undefined) for (const listener of listeners) listener(message);
    else {
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    }
  });
  return {
    socket,
    onEvent: (listener) => listeners.add(listener),
    call: (method, input = {}) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, method, input }));
      }),
  };
}

/** GET on a connection of its own (no keep-alive, so the kiosk's server can close at once); null on failure. */
export function download(url) {
  return new Promise((resolve) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve(res.statusCode === 200 ? body : null));
        res.on('error', () => resolve(null));
      })
      .on('error', () => resolve(null));
  });
}

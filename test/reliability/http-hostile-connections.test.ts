import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS, MAX_PIPELINED } from '../../service/web/limits';
import { sleep, until } from '../fixtures/wait';
import { Screen } from './screen';
import { raw, useServedKiosk } from './http-kiosk';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const { served, stillServing, get } = useServedKiosk();

/** Opens `count` connections to the kiosk from `localAddress` (any of 127.0.0.0/8 reaches it), resolving once each is open or refused. */
function hold(count: number, localAddress: string): Promise<net.Socket[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Socket>((resolve) => {
          const socket = net.connect({ port: served.port, host: '127.0.0.1', localAddress }, () => resolve(socket));
          socket.on('error', () => resolve(socket));
        }),
    ),
  );
}

describe('connections', () => {
  it(`at most ${MAX_CONNECTIONS} at once: one more is closed at once, and the page is served again when they go`, async () => {
    const addresses = Math.ceil(MAX_CONNECTIONS / MAX_CONNECTIONS_PER_ADDRESS);
    const held = (await Promise.all(Array.from({ length: addresses }, (_, i) => hold(MAX_CONNECTIONS / addresses, `127.0.1.${i + 1}`)))).flat();
    cleanup.push(() => held.forEach((socket) => socket.destroy()));
    await sleep(300);
    const refused = await raw(served.port, get('/'));
    expect(refused.statuses).toEqual([]);
    expect(refused.closedAfterMs).toBeLessThan(2000);
    held.forEach((socket) => socket.destroy());
    await until(
      'the page to be served again',
      async () =>
        (await fetch(served.page).then(
          (r) => r.status,
          () => 0,
        )) === 200,
      5000,
      50,
    );
    await stillServing();
  });

  it(`one address holding connections open gets ${MAX_CONNECTIONS_PER_ADDRESS} of them; the next from it is closed at once, and other screens are served`, async () => {
    const held = await hold(MAX_CONNECTIONS, '127.0.2.1');
    cleanup.push(() => held.forEach((socket) => socket.destroy()));
    await sleep(300);
    expect(held.filter((socket) => !socket.destroyed && socket.readyState === 'open')).toHaveLength(MAX_CONNECTIONS_PER_ADDRESS);
    await stillServing();
    const screen = await Screen.open(served.page);
    cleanup.push(() => screen.close());
    expect(await screen.call('kioskInfo')).toMatchObject({ ok: true });
  });
});

describe('a refused socket', () => {
  it('is closed whole a few seconds after its refusal, though its client never closes its own side', async () => {
    const socket = net.connect({ port: served.port, host: '127.0.0.1', localAddress: '127.0.3.1', allowHalfOpen: true });
    cleanup.push(() => void socket.destroy());
    let text = '';
    socket.on('data', (d) => (text += d));
    const gone = new Promise((resolve) => {
      socket.once('close', resolve);
      socket.once('error', resolve);
    });
    socket.write(
      'GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    // Writing on after the answer, as a client holding connections would: once the kiosk's side is gone, it is reset.
    const trickle = setInterval(() => !socket.destroyed && socket.write('X'), 500);
    const started = Date.now();
    await gone;
    clearInterval(trickle);
    expect(text).toMatch(/^HTTP\/1\.1 403 /);
    expect(Date.now() - started).toBeLessThan(5_000);
    await stillServing();
  });
});

describe('pipelined requests', () => {
  /** The kiosk's open files that are its page's (a file handle an answer still holds). */
  const pageFilesOpen = () => {
    const fds = `/proc/${served.kiosk.child.pid}/fd`;
    const target = (fd: string) => {
      try {
        return fs.readlinkSync(path.join(fds, fd));
      } catch {
        return '';
      }
    };
    return fs.readdirSync(fds).filter((fd) => target(fd).includes(`${path.sep}renderer${path.sep}`)).length;
  };

  it(`a client sending 20,000 requests without reading the answers is closed after ${MAX_PIPELINED}, not held (200 MB a connection)`, async () => {
    const flood = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${served.port}\r\n\r\n`.repeat(20_000);
    const reply = await raw(served.port, flood, { giveUpMs: 15_000 });
    expect(reply.statuses.length).toBeLessThanOrEqual(MAX_PIPELINED);
    expect(reply.closedAfterMs).toBeLessThan(5000);
    await stillServing();
  });

  it('devices holding hundreds of connections, each with its largest file asked for 16 times and never read: no page file is opened for them, and the page is served meanwhile', async () => {
    if (!fs.existsSync(`/proc/${served.kiosk.child.pid}/fd`)) throw new Error('this test reads /proc (Linux)');
    const page = await (await fetch(served.page)).text();
    const script = /src="\.(\/assets\/[^"]+\.js)"/.exec(page)?.[1];
    expect(script, 'the page names its script').toBeDefined();
    const asks = `GET ${script} HTTP/1.1\r\nHost: 127.0.0.1:${served.port}\r\n\r\n`.repeat(MAX_PIPELINED);
    const held = (await Promise.all(['127.0.3.1', '127.0.3.2', '127.0.3.3'].map((from) => hold(MAX_CONNECTIONS_PER_ADDRESS, from)))).flat();
    cleanup.push(() => held.forEach((socket) => socket.destroy()));
    let answered = 0;
    for (const socket of held) {
      socket.once('data', () => {
        answered++;
        socket.pause();
      });
      socket.write(asks);
    }
    await until(
      () => `every connection to start its first answer (${answered} of ${held.length})`,
      () => answered === held.length,
      10_000,
      50,
    );
    expect(pageFilesOpen()).toBe(0);
    await stillServing();
  });

  it('clients that send a few requests at once and go before the answers: the kiosk keeps none of its page files open for them', async () => {
    if (!fs.existsSync(`/proc/${served.kiosk.child.pid}/fd`)) throw new Error('this test reads /proc (Linux)');
    const few = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${served.port}\r\n\r\n`.repeat(MAX_PIPELINED);
    for (let round = 0; round < 20; round++)
      await Promise.all(Array.from({ length: 10 }, () => raw(served.port, few, { then: (socket) => socket.resetAndDestroy() })));
    await until(
      () => `the page's files to be closed (${pageFilesOpen()} open)`,
      () => pageFilesOpen() === 0,
      5000,
      50,
    );
    await stillServing();
  });
});

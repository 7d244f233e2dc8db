import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { limitConnectionsPerAddress } from '../../service/web/address-connections';
import { until } from '../fixtures/wait';

const lan = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0).reverse()) step();
});

/** A real server on every address, held to 4 connections an address and 3 from elsewhere together. */
async function server(): Promise<number> {
  const s = http.createServer((_request, response) => response.end('ok'));
  limitConnectionsPerAddress(s, 4, 3);
  await new Promise<void>((resolve) => s.listen(0, '0.0.0.0', resolve));
  cleanup.push(() => {
    s.closeAllConnections();
    s.close();
  });
  return (s.address() as net.AddressInfo).port;
}

/** A connection from `from` to `to`: whether the server kept it after it was accepted. */
async function kept(port: number, from: string, to: string): Promise<boolean> {
  const socket = net.connect({ port, host: to, localAddress: from });
  cleanup.push(() => socket.destroy());
  socket.on('error', () => {});
  socket.write('GET / HTTP/1.1\r\nHost: kiosk\r\n\r\n');
  let answer = '';
  socket.on('data', (d) => (answer += d));
  await until('the server to answer or close', () => answer.includes('ok') || socket.destroyed || socket.readyState === 'closed', 5000, 10);
  return answer.includes('ok');
}

describe('connections from devices elsewhere', () => {
  it('together hold at most their share: the next from the network is closed, while this computer still connects', async () => {
    expect(lan, 'a device elsewhere is played from this machine’s own LAN address').toBeDefined();
    const port = await server();
    for (let i = 0; i < 3; i++) expect(await kept(port, lan!, lan!)).toBe(true);
    expect(await kept(port, lan!, lan!)).toBe(false);
    expect(await kept(port, '127.0.0.1', '127.0.0.1')).toBe(true);
    expect(await kept(port, '127.0.0.2', '127.0.0.1')).toBe(true);
  });

  it('each address still holds at most its own count, this computer’s too', async () => {
    const port = await server();
    for (let i = 0; i < 4; i++) expect(await kept(port, '127.0.0.3', '127.0.0.1')).toBe(true);
    expect(await kept(port, '127.0.0.3', '127.0.0.1')).toBe(false);
    expect(await kept(port, '127.0.0.4', '127.0.0.1')).toBe(true);
  });
});

import os from 'node:os';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer } from '../../service/web/server';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';
import { forbidden, MARIA, privileged, useKiosk } from './authorization-kiosk';

const tempDir = useTempDir();
const kiosk = useKiosk();

describe('through the WebSocket, as an attacker on the page would try', () => {
  it('refuses privileged methods until that socket signs in, and a signed-in socket does not unlock another', async () => {
    const { service } = await kiosk();
    const root = tempDir();
    const server = await startServer(service, { host: '127.0.0.1', port: 0, staticRoot: root });
    const origin = new URL(server.url).origin;
    const open = () =>
      new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(`${origin.replace('http', 'ws')}/api`, { origin });
        socket.once('open', () => resolve(socket));
        socket.once('error', reject);
      });
    let id = 0;
    const call = (socket: WebSocket, method: string, input: unknown = {}) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const mine = ++id;
        socket.on('message', (data) => {
          const reply = JSON.parse(String(data)) as Record<string, unknown>;
          if (reply.id === mine) resolve(reply);
        });
        socket.send(JSON.stringify({ id: mine, method, input }));
      });
    const manager = await open();
    const stranger = await open();
    try {
      for (const method of privileged) expect(await call(stranger, method)).toMatchObject({ ok: false, error: forbidden });
      expect(await call(manager, 'signIn', MARIA)).toMatchObject({ ok: true, result: { staff: { role: 'manager' } } });
      expect(JSON.stringify(await call(manager, 'signIn', MARIA))).not.toMatch(/token/);
      expect(await call(manager, 'auditLog', { limit: 5 })).toMatchObject({ ok: true, result: { intact: true } });
      expect(await call(stranger, 'auditLog', { limit: 5 })).toMatchObject({ ok: false, error: forbidden });
    } finally {
      manager.close();
      stranger.close();
      await server.close();
      await service.close();
    }
  });

  it('a staff badge signs in alone only at this machine’s screens; a paired screen elsewhere never hears a badge value or a ticket, and is asked for the PIN', async () => {
    const { service } = await kiosk();
    const lan = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    expect(lan, 'a screen elsewhere is played from this machine’s own LAN address').toBeDefined();
    const server = await startServer(service, { host: '0.0.0.0', port: 0, staticRoot: tempDir() });
    const port = new URL(server.url).port;
    const open = (host: string) =>
      new Promise<{ socket: WebSocket; events: Record<string, unknown>[] }>((resolve, reject) => {
        const socket = new WebSocket(`ws://${host}:${port}/api?token=${server.token}`, { origin: `http://${host}:${port}` });
        const events: Record<string, unknown>[] = [];
        socket.on('message', (data) => events.push(JSON.parse(String(data)) as Record<string, unknown>));
        socket.once('open', () => resolve({ socket, events }));
        socket.once('error', reject);
      });
    const checkins = (events: Record<string, unknown>[]) => events.filter((e) => e.event === 'checkin').map((e) => e.payload as Record<string, unknown>);
    const replyTo = (events: Record<string, unknown>[], id: number) => events.find((e) => e.id === id);
    const local = await open('127.0.0.1');
    const other = await open('127.0.0.1');
    const away = await open(lan!);
    const tickets: string[] = [];
    try {
      // Typed at a screen of this machine: the ticket comes back in that screen's reply alone; no other screen hears of it.
      local.socket.send(JSON.stringify({ id: 1, method: 'checkin', input: { credential: 'ABCDEF01' } }));
      await until('the reply', () => replyTo(local.events, 1) !== undefined);
      expect(replyTo(local.events, 1)).toMatchObject({ ok: true, result: { decision: 'staff', staffTicket: expect.any(String) } });
      tickets.push((replyTo(local.events, 1)!.result as { staffTicket: string }).staffTicket);

      // Read by the kiosk's own reader (given to no screen): every screen hears it, the ticket only this machine's.
      service.desk.checkinRead({ kind: 'rfid', value: 'ABCDEF01', match: 'exact', raw: 'ABCDEF01', readerId: 'desk', at: new Date().toISOString() });
      await until('the tap at every screen', () => checkins(other.events).length === 1 && checkins(away.events).length === 1);
      expect(checkins(other.events)[0]).toMatchObject({ decision: 'staff', credential: { value: '' }, staffTicket: expect.any(String) });
      tickets.push(checkins(other.events)[0]!.staffTicket as string);
      expect(checkins(away.events)[0]).toMatchObject({ decision: 'staff', credential: { value: '' } });
      expect(checkins(away.events)[0]).not.toHaveProperty('staffTicket');

      // Typed at the screen elsewhere (it has the card): it names the account, and no ticket comes.
      away.socket.send(JSON.stringify({ id: 2, method: 'checkin', input: { credential: 'ABCDEF01' } }));
      await until('the reply at the screen elsewhere', () => replyTo(away.events, 2) !== undefined);
      expect(replyTo(away.events, 2)).toMatchObject({ ok: true, result: { decision: 'staff', staff: { id: 1, name: 'Sam Staff' } } });
      expect(replyTo(away.events, 2)!.result).not.toHaveProperty('staffTicket');
      other.socket.send(JSON.stringify({ id: 9, method: 'kioskInfo', input: {} }));
      await until('a reply at the other screen, after anything sent it before', () => replyTo(other.events, 9) !== undefined);
      expect(checkins(other.events)).toHaveLength(1);

      // Replaying what it heard gets it nowhere: there is no value and no ticket to replay.
      for (const ticket of tickets) {
        away.socket.send(JSON.stringify({ id: 3, method: 'signIn', input: { ticket } }));
        await until('the refusal', () => replyTo(away.events, 3) !== undefined);
        expect(replyTo(away.events, 3)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        away.events.splice(away.events.indexOf(replyTo(away.events, 3)!), 1);
      }
      away.socket.send(JSON.stringify({ id: 4, method: 'signIn', input: { staffId: 1, pin: '1111' } }));
      await until('the PIN sign-in', () => replyTo(away.events, 4) !== undefined);
      expect(replyTo(away.events, 4)).toMatchObject({ ok: true, result: { staff: { name: 'Sam Staff' } } });

      const heardAway = JSON.stringify(away.events.filter((e) => e.id !== 2));
      expect(heardAway).not.toMatch(/ABCDEF01/i);
      for (const ticket of tickets) expect(heardAway).not.toContain(ticket);
      expect(JSON.stringify(other.events)).not.toMatch(/ABCDEF01/i);
    } finally {
      for (const screen of [local, other, away]) screen.socket.close();
      await server.close();
      await service.close();
    }
  });
});

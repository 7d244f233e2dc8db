import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { METHODS, type MethodName } from '../../core/api';
import { dispatch, type Connection } from '../../service/dispatch';
import { Kiosk } from '../../service/kiosk';
import type { Screen } from '../../service/staff-access';
import { startServer } from '../../service/web/server';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';

const tempDir = useTempDir();
const thisComputer: Screen = { id: 'this computer', local: true };
const SAM = { staffId: 1, pin: '1111' };
const MARIA = { staffId: 2, pin: '482193' };

async function kiosk() {
  const clock = { now: new Date('2026-11-21T10:00:00Z'), monotonic: 0 };
  const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'), { now: () => clock.now, monotonic: () => clock.monotonic });
  await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
  service.settings.set({ key: 'space.id', value: 'harbour' });
  service.staff.add({ name: 'Sam Staff', role: 'staff', pin: '1111', badge: 'AB:CD:EF:01' });
  service.staff.add({ name: 'Maria Manager', role: 'manager', pin: '482193' });
  return { service, clock };
}

const privileged = (Object.keys(METHODS) as MethodName[]).filter((m) => METHODS[m].role !== 'kiosk');
const managerOnly = privileged.filter((m) => METHODS[m].role === 'manager');
const forbidden = { code: 'forbidden' };

describe('roles are enforced in the service, whatever the screen shows', () => {
  it.each(privileged)('%s is refused without a session', async (method) => {
    const { service } = await kiosk();
    await expect(dispatch(service, method, {}, { session: null })).rejects.toMatchObject({
      ...forbidden,
      message: `${method} needs a ${METHODS[method].role} to sign in first`,
    });
  });

  it.each(managerOnly)('%s is refused to a staff session', async (method) => {
    const { service } = await kiosk();
    const connection: Connection = { session: null };
    await dispatch(service, 'signIn', SAM, connection);
    await expect(dispatch(service, method, {}, connection)).rejects.toMatchObject({ ...forbidden, message: `${method} needs manager rights` });
  });

  it('a manager may; the session lives on the connection and never in a reply', async () => {
    const { service } = await kiosk();
    const connection: Connection = { session: null };
    const signedIn = await dispatch(service, 'signIn', MARIA, connection);
    expect(signedIn).toEqual({ staff: { id: 2, name: 'Maria Manager', role: 'manager' }, idleSeconds: 120 });
    expect(connection.session).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await dispatch(service, 'listSettings', {}, connection)).toMatchObject({ 'space.id': 'harbour' });
    await dispatch(service, 'signOut', {}, connection);
    expect(connection.session).toBeNull();
    await expect(dispatch(service, 'listSettings', {}, connection)).rejects.toMatchObject(forbidden);
  });

  it('staff mode locks itself after two minutes idle', async () => {
    const { service, clock } = await kiosk();
    const connection: Connection = { session: null };
    await dispatch(service, 'signIn', SAM, connection);
    clock.monotonic += 119_000;
    await dispatch(service, 'todaysVisits', {}, connection);
    clock.monotonic += 121_000;
    await expect(dispatch(service, 'todaysVisits', {}, connection)).rejects.toMatchObject({
      ...forbidden,
      message: 'staff mode locked itself after 2 minutes idle: sign in again',
    });
    expect(connection.session).toBeNull();
  });

  it('a wall clock set back does not keep staff mode open: it locks after two minutes all the same', async () => {
    const { service, clock } = await kiosk();
    const connection: Connection = { session: null };
    await dispatch(service, 'signIn', SAM, connection);
    clock.now = new Date('2026-11-19T10:00:00Z');
    clock.monotonic += 121_000;
    await expect(dispatch(service, 'todaysVisits', { date: '2026-11-19' }, connection)).rejects.toMatchObject({
      ...forbidden,
      message: 'staff mode locked itself after 2 minutes idle: sign in again',
    });
  });

  it('a sign-in with neither an account and its PIN as text nor a ticket says what it needs', async () => {
    const { service } = await kiosk();
    for (const input of [{ staffId: 1, pin: 1111 }, { pin: '1111' }, {}]) {
      await expect(dispatch(service, 'signIn', input, { session: null })).rejects.toMatchObject({
        code: 'invalid',
        message: 'needs a staff account and its PIN (digits, as text), or a staff badge’s ticket',
      });
    }
  });

  it('a wrong PIN opens no session and says how many tries are left', async () => {
    const { service } = await kiosk();
    const connection: Connection = { session: null };
    expect(await dispatch(service, 'signIn', { staffId: 2, pin: '0000' }, connection)).toEqual({
      refusal: { refused: 'wrong_pin', triesLeft: 4 },
      message: "that PIN is not right: 4 tries left before Maria Manager's PIN entry locks",
    });
    expect(connection.session).toBeNull();
    await expect(dispatch(service, 'listSettings', {}, connection)).rejects.toMatchObject(forbidden);
  });

  it('a staff badge typed at a screen of the kiosk’s own machine gives a one-time ticket for a session', async () => {
    const { service } = await kiosk();
    const tap = service.desk.checkin({ credential: 'ABCDEF01' }, { screen: thisComputer });
    expect(tap).toMatchObject({ decision: 'staff', staffTicket: expect.any(String) });
    const connection: Connection = { session: null, screen: thisComputer };
    expect(await dispatch(service, 'signIn', { ticket: tap.staffTicket }, connection)).toMatchObject({ staff: { name: 'Sam Staff' } });
    await expect(dispatch(service, 'signIn', { ticket: tap.staffTicket }, { session: null, screen: thisComputer })).rejects.toMatchObject({
      message: /tap it again/,
    });
  });

  it('a staff badge typed at a screen elsewhere only names its account, and a ticket is no use there', async () => {
    const { service } = await kiosk();
    const elsewhere: Connection = { session: null, screen: { id: '192.0.2.40', local: false } };
    const typed = (await dispatch(service, 'checkin', { credential: 'ABCDEF01' }, elsewhere)) as Record<string, unknown>;
    expect(typed).toMatchObject({ decision: 'staff', staff: { id: 1, name: 'Sam Staff' } });
    expect(typed).not.toHaveProperty('staffTicket');
    const ticket = service.desk.checkin({ credential: 'ABCDEF01' }, { screen: thisComputer }).staffTicket;
    await expect(dispatch(service, 'signIn', { ticket }, elsewhere)).rejects.toMatchObject({
      ...forbidden,
      message: 'a staff badge signs in alone only at the kiosk itself: choose your name and type your PIN',
    });
    expect(elsewhere.session).toBeNull();
  });
});

describe('staff accounts', () => {
  it('a PIN another account has is accepted for a new one: nothing tells a manager whose PIN it is', async () => {
    const { service } = await kiosk();
    expect(service.staff.add({ name: 'Dee Duplicate', role: 'staff', pin: '482193' })).toMatchObject({ name: 'Dee Duplicate' });
    expect(service.staff.list().map((s) => s.name)).toEqual(['Dee Duplicate', 'Maria Manager', 'Sam Staff']);
  });

  it('a disabled account’s open session ends at its next call', async () => {
    const { service } = await kiosk();
    const sam: Connection = { session: null };
    const maria: Connection = { session: null };
    await dispatch(service, 'signIn', SAM, sam);
    await dispatch(service, 'signIn', MARIA, maria);
    expect(await dispatch(service, 'todaysVisits', {}, sam)).toEqual([]);
    await dispatch(service, 'disableStaff', { id: 1 }, maria);
    await expect(dispatch(service, 'todaysVisits', {}, sam)).rejects.toMatchObject({ ...forbidden, message: 'todaysVisits needs a staff to sign in first' });
  });

  it('a staff badge cannot be a member’s badge; a disabled account’s badge can be given to someone else', async () => {
    const { service } = await kiosk();
    expect(() => service.staff.add({ name: 'Ines Staff', role: 'staff', pin: '7777', badge: 'HW-1' })).toThrow(
      /^the badge HW-1 is Inês Carvalho's member badge: give staff a card of their own$/,
    );
    expect(service.desk.checkin({ credential: 'HW-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted' });
    expect(() => service.staff.add({ name: 'Two Badges', role: 'staff', pin: '7777', badge: 'ABCDEF01' })).toThrow(/already belongs to another staff member/);
    service.staff.disable({ id: 1 }, { staffId: 2, name: 'Maria Manager', role: 'manager' });
    expect(service.staff.add({ name: 'New Hire', role: 'staff', pin: '7777', badge: 'ABCDEF01' })).toMatchObject({ name: 'New Hire' });
    expect(service.desk.checkin({ credential: 'ABCDEF01' }, { screen: thisComputer })).toMatchObject({
      decision: 'staff',
      staff: { name: 'New Hire' },
      staffTicket: expect.any(String),
    });
  });
});

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
      // Typed at a screen of this machine: the ticket comes back in that screen's reply alone.
      local.socket.send(JSON.stringify({ id: 1, method: 'checkin', input: { credential: 'ABCDEF01' } }));
      await until(
        'the reply and the other screens’ events',
        () => replyTo(local.events, 1) !== undefined && checkins(other.events).length === 1 && checkins(away.events).length === 1,
      );
      expect(replyTo(local.events, 1)).toMatchObject({ ok: true, result: { decision: 'staff', staffTicket: expect.any(String) } });
      tickets.push((replyTo(local.events, 1)!.result as { staffTicket: string }).staffTicket);
      for (const heard of [checkins(other.events)[0], checkins(away.events)[0]]) {
        expect(heard).toMatchObject({ decision: 'staff', credential: { kind: 'rfid', value: '' } });
        expect(heard).not.toHaveProperty('staffTicket');
      }

      // Read by the kiosk's own reader: the ticket goes to this machine's screens only.
      service.desk.checkinRead({ kind: 'rfid', value: 'ABCDEF01', match: 'exact', raw: 'ABCDEF01', readerId: 'desk', at: new Date().toISOString() });
      await until('the tap at every screen', () => checkins(other.events).length === 2 && checkins(away.events).length === 2);
      expect(checkins(other.events)[1]).toMatchObject({ decision: 'staff', credential: { value: '' }, staffTicket: expect.any(String) });
      tickets.push(checkins(other.events)[1]!.staffTicket as string);
      expect(checkins(away.events)[1]).toMatchObject({ decision: 'staff', credential: { value: '' } });
      expect(checkins(away.events)[1]).not.toHaveProperty('staffTicket');

      // Typed at the screen elsewhere (it has the card): it names the account, and no ticket comes.
      away.socket.send(JSON.stringify({ id: 2, method: 'checkin', input: { credential: 'ABCDEF01' } }));
      await until('the reply at the screen elsewhere', () => replyTo(away.events, 2) !== undefined && checkins(other.events).length === 3);
      expect(replyTo(away.events, 2)).toMatchObject({ ok: true, result: { decision: 'staff', staff: { id: 1, name: 'Sam Staff' } } });
      expect(replyTo(away.events, 2)!.result).not.toHaveProperty('staffTicket');
      expect(checkins(other.events)[2]).not.toHaveProperty('staffTicket');

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

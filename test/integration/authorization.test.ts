import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { METHODS, type MethodName } from '../../core/api';
import { dispatch, type Connection } from '../../service/dispatch';
import { KioskService } from '../../service/kiosk-service';
import { startServer } from '../../service/web/server';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';

const tempDir = useTempDir();

async function kiosk() {
  const clock = { now: new Date('2026-11-21T10:00:00Z') };
  const service = KioskService.open(path.join(tempDir(), 'kiosk.db'), { now: () => clock.now });
  await service.importFeed({ feed: feedBytes(smallFeed()) });
  service.setSetting({ key: 'space.id', value: 'harbour' });
  service.addStaff({ name: 'Sam Staff', role: 'staff', pin: '1111', badge: 'AB:CD:EF:01' });
  service.addStaff({ name: 'Maria Manager', role: 'manager', pin: '482193' });
  return { service, clock };
}

const privileged = (Object.keys(METHODS) as MethodName[]).filter((m) => METHODS[m].role !== 'kiosk');
const managerOnly = privileged.filter((m) => METHODS[m].role === 'manager');
const forbidden = { code: 'forbidden' };

describe('roles are enforced in the service, whatever the screen shows', () => {
  it.each(privileged)('%s is refused without a session', async (method) => {
    const { service } = await kiosk();
    await expect(dispatch(service, method, {}, { session: null })).rejects.toMatchObject({ ...forbidden, message: `${method} needs a ${METHODS[method].role} to sign in first` });
  });

  it.each(managerOnly)('%s is refused to a staff session', async (method) => {
    const { service } = await kiosk();
    const connection: Connection = { session: null };
    await dispatch(service, 'signIn', { pin: '1111' }, connection);
    await expect(dispatch(service, method, {}, connection)).rejects.toMatchObject({ ...forbidden, message: `${method} needs manager rights` });
  });

  it('a manager may; the session lives on the connection and never in a reply', async () => {
    const { service } = await kiosk();
    const connection: Connection = { session: null };
    const signedIn = await dispatch(service, 'signIn', { pin: '482193' }, connection);
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
    await dispatch(service, 'signIn', { pin: '1111' }, connection);
    clock.now = new Date('2026-11-21T10:01:59Z');
    await dispatch(service, 'todaysVisits', {}, connection);
    clock.now = new Date('2026-11-21T10:04:00Z');
    await expect(dispatch(service, 'todaysVisits', {}, connection)).rejects.toMatchObject({ ...forbidden, message: 'staff mode locked itself after 2 minutes idle: sign in again' });
    expect(connection.session).toBeNull();
  });

  it('a sign-in with neither a PIN as text nor a ticket says what it needs', async () => {
    const { service } = await kiosk();
    for (const input of [{ pin: 1111 }, {}]) {
      await expect(dispatch(service, 'signIn', input, { session: null })).rejects.toMatchObject({ code: 'invalid', message: 'needs a PIN (digits, as text) or a staff badge’s ticket' });
    }
  });

  it('five wrong PINs lock PIN entry, even for the right PIN', async () => {
    const { service } = await kiosk();
    const connection: Connection = { session: null };
    for (let i = 0; i < 5; i++) await expect(dispatch(service, 'signIn', { pin: '0000' }, connection)).rejects.toMatchObject({ message: 'that PIN is not right' });
    await expect(dispatch(service, 'signIn', { pin: '482193' }, connection)).rejects.toMatchObject({ ...forbidden, message: /PIN entry is locked/ });
    expect(connection.session).toBeNull();
  });

  it('a staff badge read at the kiosk gives a one-time ticket for a session', async () => {
    const { service } = await kiosk();
    const tap = service.checkin({ credential: 'ABCDEF01' });
    expect(tap).toMatchObject({ decision: 'staff', staffTicket: expect.any(String) });
    const connection: Connection = { session: null };
    expect(await dispatch(service, 'signIn', { ticket: tap.staffTicket }, connection)).toMatchObject({ staff: { name: 'Sam Staff' } });
    await expect(dispatch(service, 'signIn', { ticket: tap.staffTicket }, { session: null })).rejects.toMatchObject({ message: /tap it again/ });
  });
});

describe('staff accounts', () => {
  it('a PIN already in use is refused for a new account: a PIN names its account, so it would sign in as the other', async () => {
    const { service } = await kiosk();
    expect(() => service.addStaff({ name: 'Dee Duplicate', role: 'staff', pin: '482193' })).toThrow(/^that PIN is already in use: choose another/);
    expect(service.listStaff().map((s) => s.name)).toEqual(['Maria Manager', 'Sam Staff']);
  });

  it('a disabled account’s open session ends at its next call', async () => {
    const { service } = await kiosk();
    const sam: Connection = { session: null };
    const maria: Connection = { session: null };
    await dispatch(service, 'signIn', { pin: '1111' }, sam);
    await dispatch(service, 'signIn', { pin: '482193' }, maria);
    expect(await dispatch(service, 'todaysVisits', {}, sam)).toEqual([]);
    await dispatch(service, 'disableStaff', { id: 1 }, maria);
    await expect(dispatch(service, 'todaysVisits', {}, sam)).rejects.toMatchObject({ ...forbidden, message: 'todaysVisits needs a staff to sign in first' });
  });

  it('a staff badge cannot be a member’s badge; a disabled account’s badge can be given to someone else', async () => {
    const { service } = await kiosk();
    expect(() => service.addStaff({ name: 'Ines Staff', role: 'staff', pin: '7777', badge: 'HW-1' })).toThrow(/^the badge HW-1 is Inês Carvalho's member badge: give staff a card of their own$/);
    expect(service.checkin({ credential: 'HW-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted' });
    expect(() => service.addStaff({ name: 'Two Badges', role: 'staff', pin: '7777', badge: 'ABCDEF01' })).toThrow(/already belongs to another staff member/);
    service.disableStaff({ id: 1 }, { staffId: 2, name: 'Maria Manager', role: 'manager' });
    expect(service.addStaff({ name: 'New Hire', role: 'staff', pin: '7777', badge: 'ABCDEF01' })).toMatchObject({ name: 'New Hire' });
    expect(service.checkin({ credential: 'ABCDEF01' })).toMatchObject({ decision: 'staff', staff: { name: 'New Hire' } });
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
      expect(await call(manager, 'signIn', { pin: '482193' })).toMatchObject({ ok: true, result: { staff: { role: 'manager' } } });
      expect(JSON.stringify(await call(manager, 'signIn', { pin: '482193' }))).not.toMatch(/token/);
      expect(await call(manager, 'auditLog', { limit: 5 })).toMatchObject({ ok: true, result: { intact: true } });
      expect(await call(stranger, 'auditLog', { limit: 5 })).toMatchObject({ ok: false, error: forbidden });
    } finally {
      manager.close();
      stranger.close();
      await server.close();
      await service.close();
    }
  });

  it('a staff badge’s sign-in ticket goes to the screen that asked, and a reader’s tap to screens on this machine only', async () => {
    const { service } = await kiosk();
    const lan = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
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
    const local = await open('127.0.0.1');
    const other = await open('127.0.0.1');
    const away = lan ? await open(lan) : null;
    try {
      local.socket.send(JSON.stringify({ id: 1, method: 'checkin', input: { credential: 'ABCDEF01' } }));
      await until('the reply and the other screen’s event', () => local.events.some((e) => e.id === 1) && checkins(other.events).length === 1);
      expect(local.events.find((e) => e.id === 1)).toMatchObject({ ok: true, result: { decision: 'staff', staffTicket: expect.any(String) } });
      expect(checkins(other.events)[0]).toMatchObject({ decision: 'staff' });
      expect(checkins(other.events)[0]).not.toHaveProperty('staffTicket');

      service.checkinRead({ kind: 'rfid', value: 'ABCDEF01', match: 'exact', raw: 'ABCDEF01', readerId: 'desk', at: new Date().toISOString() });
      await until('the tap at every screen', () => checkins(other.events).length === 2 && (!away || checkins(away.events).length === 2));
      expect(checkins(other.events)[1]).toMatchObject({ decision: 'staff', staffTicket: expect.any(String) });
      if (away) {
        expect(checkins(away.events)[1]).toMatchObject({ decision: 'staff' });
        expect(checkins(away.events)[1]).not.toHaveProperty('staffTicket');
      }
    } finally {
      for (const screen of [local, other, away]) screen?.socket.close();
      await server.close();
      await service.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { METHODS } from '../../core/api';
import { dispatch, type Connection } from '../../service/dispatch';
import { forbidden, managerOnly, MARIA, privileged, SAM, thisComputer, useKiosk } from './authorization-kiosk';

const kiosk = useKiosk();

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

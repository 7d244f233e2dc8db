import Database from 'better-sqlite3';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Kiosk } from '../../service/kiosk';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { startServe } from '../fixtures/serve';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';

/**
 * The desk's newer methods (check-out, payments, calls for staff, expected visits, who is on site)
 * against a running `serve` on all addresses, sent as an attacker would: from a socket nobody
 * signed in at on this machine, and from a visitor's tablet elsewhere on the network (paired with
 * the token). Each frame is refused with one sentence and the database is left as it was; signed-in
 * staff sending impossible input are told what is wrong, and nothing else changes.
 */

const tempDir = useTempDir();
const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

interface Message {
  id?: number;
  ok?: boolean;
  result?: Record<string, unknown>;
  error?: { code: string; message: string };
  event?: string;
  payload?: Record<string, unknown>;
}

/** A page's WebSocket: what it was told, and its calls' replies. */
async function screen(url: string, host: string, name?: string) {
  const base = new URL(url);
  const address = new URL(`ws://${host}:${base.port}/api`);
  for (const [key, value] of base.searchParams) address.searchParams.set(key, value);
  if (name) address.searchParams.set('screen', name);
  const socket = new WebSocket(address, { origin: `http://${host}:${base.port}` });
  const heard: Message[] = [];
  socket.on('message', (data) => heard.push(JSON.parse(String(data)) as Message));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  cleanup.push(() => socket.close());
  let next = 0;
  return {
    heard,
    async call(method: string, input: unknown = {}): Promise<Message> {
      const id = ++next;
      socket.send(JSON.stringify({ id, method, input }));
      await until(`the reply to ${method}`, () => heard.some((m) => m.id === id), 10_000);
      return heard.find((m) => m.id === id)!;
    },
  };
}

const lanAddress = () =>
  Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

/** Everything the kiosk keeps that a desk method could change, row by row. */
function state(db: string) {
  const file = new Database(db, { readonly: true });
  try {
    const rows = (table: string) => file.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[];
    return { visits: rows('visits'), checkOuts: rows('check_outs'), outbox: rows('outbox'), expected: rows('expected_visits'), audit: rows('audit') };
  } finally {
    file.close();
  }
}

async function runningKiosk() {
  const db = path.join(tempDir(), 'kiosk.db');
  const setup = Kiosk.open(db);
  await setup.visaList.importFeed({ feed: feedBytes(smallFeed()) });
  setup.settings.set({ key: 'space.id', value: 'harbour' });
  // The desk's socket here never shows calls: a visitor's call is answered after this wait, not the default 6 s.
  setup.settings.set({ key: 'desk.callWaitSeconds', value: 0.5 });
  setup.staff.add({ name: 'Sam Staff', role: 'staff', pin: '1111' });
  await setup.close();
  const server = await startServe(db, ['--host', '0.0.0.0']);
  cleanup.push(server.stop);
  return { db, url: server.url };
}

const signedOut = (method: string) => ({ ok: false, error: { code: 'forbidden', message: `${method} needs a staff to sign in first` } });

describe('hostile frames for the desk’s newer methods, through a running serve', () => {
  it('from a socket nobody signed in at and from a visitor tablet elsewhere: every frame is refused with one sentence, nothing changes', async () => {
    const lan = lanAddress();
    expect(lan, 'a tablet elsewhere is played from this machine’s own LAN address').toBeDefined();
    const { db, url } = await runningKiosk();
    const stranger = await screen(url, '127.0.0.1');
    const tablet = await screen(url, lan!, 'left');
    const desk = await screen(url, '127.0.0.1', 'desk');
    expect(await desk.call('signIn', { staffId: 1, pin: '1111' })).toMatchObject({ ok: true });

    // A morning at the desk: a visa visitor in, a day pass to pay at the desk, a call for staff, a visit expected.
    expect(await tablet.call('checkin', { credential: 'CC-1' })).toMatchObject({ ok: true, result: { decision: 'admitted', visitId: 1 } });
    const pass = await tablet.call('sellDayPass', { name: 'Walk In' });
    expect(pass).toMatchObject({ ok: true });
    const dayPass = pass.result!.visitId as number;
    const call = await tablet.call('callStaff', { name: 'Ada Lovelace' });
    expect(call).toMatchObject({ ok: true });
    const calls = await desk.call('deskCalls');
    const callId = (calls.result!.calls as { id: string }[])[0]!.id;
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect(await desk.call('expectVisit', { memberId: 'cc-1', date: tomorrow })).toMatchObject({ ok: true });
    const before = state(db);

    const frames: [string, unknown][] = [
      ['checkOutVisit', { visitId: 1 }],
      ['checkOutVisit', { visitId: 2 ** 53 }],
      ['markPaid', { visitId: dayPass, method: 'cash' }],
      ['markPaid', { visitId: dayPass, method: 'bitcoin' }],
      ['onSiteNow', {}],
      ['deskCalls', {}],
      ['showingCalls', { ids: [callId] }],
      ['showingCalls', { ids: Array<string>(1_000).fill(callId) }],
      ['showingCalls', { ids: [callId, callId, '00000000-0000-4000-8000-000000000000'] }],
      ['dismissCall', { id: callId }],
      ['dismissCall', { id: callId }],
      ['dismissCall', { id: '00000000-0000-4000-8000-000000000000' }],
      ['expectVisit', { memberId: 'cc-1', date: '2026-02-30' }],
      ['expectVisit', { memberId: 'cc-2', date: '99999-01-01' }],
      ['expectVisit', { memberId: 'cc-2', date: tomorrow }],
      ['removeExpected', { memberId: 'cc-1', date: tomorrow }],
      ['removeExpected', { memberId: 'cc-1', date: '2026-13-01' }],
      ['expectedVisits', { date: tomorrow }],
    ];
    for (const at of [stranger, tablet])
      for (const [method, input] of frames)
        expect(await at.call(method, input), `${method} ${JSON.stringify(input).slice(0, 80)}`).toMatchObject(signedOut(method));

    // The visitor's own "Yes" needs no sign-in, only a ticket the kiosk gave: made-up ones are refused.
    const expired = { ok: false, error: { code: 'invalid', message: 'this check-out question has expired: tap your badge again to check out' } };
    for (const at of [stranger, tablet]) {
      expect(await at.call('checkOut', { ticket: 'BHwTEsilxmvZm88Ns2bm3peW' })).toMatchObject(expired);
      expect(await at.call('checkOut', { ticket: String(dayPass) })).toMatchObject(expired);
      expect(await at.call('checkOut', { ticket: 'x'.repeat(101) })).toMatchObject({ ok: false, error: { code: 'invalid' } });
      expect(await at.call('checkOut', { visitId: 1 })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
    expect(state(db)).toEqual(before);
  }, 60_000);

  it('signed-in staff sending impossible input are told what is wrong in a sentence; the one real change happens once', async () => {
    const { db, url } = await runningKiosk();
    const visitor = await screen(url, '127.0.0.1', 'left');
    const desk = await screen(url, '127.0.0.1', 'desk');
    expect(await desk.call('signIn', { staffId: 1, pin: '1111' })).toMatchObject({ ok: true });
    expect(await visitor.call('checkin', { credential: 'CC-1' })).toMatchObject({ ok: true, result: { visitId: 1 } });
    expect(await visitor.call('checkin', { credential: 'ZZ-404' })).toMatchObject({ ok: true, result: { decision: 'denied', visitId: 2 } });
    const dayPass = (await visitor.call('sellDayPass', { name: 'Walk In' })).result!.visitId as number;
    await visitor.call('callStaff', { name: 'Ada Lovelace' });
    const callId = ((await desk.call('deskCalls')).result!.calls as { id: string }[])[0]!.id;
    const refused = (code: string, message: string) => ({ id: expect.any(Number), ok: false, error: expect.objectContaining({ code, message }) });

    // Calls for staff: a screen showing one twice, or ones that do not exist, changes nothing; a second Dismiss is told.
    const before = state(db);
    expect(await desk.call('showingCalls', { ids: [callId, callId, '00000000-0000-4000-8000-000000000000'] })).toMatchObject({ ok: true });
    expect(await desk.call('showingCalls', { ids: Array<string>(101).fill(callId) })).toEqual(
      refused('invalid', 'ids: Too big: expected array to have <=100 items'),
    );
    expect(await desk.call('dismissCall', { id: '00000000-0000-4000-8000-000000000000' })).toEqual(refused('not_found', 'there is no such call for staff'));
    expect(state(db).outbox.map((row) => ({ ...row, heard_at: null }))).toEqual(before.outbox.map((row) => ({ ...row, heard_at: null })));
    expect(await desk.call('dismissCall', { id: callId })).toMatchObject({ ok: true, result: { calls: [] } });
    expect(await desk.call('dismissCall', { id: callId })).toEqual(refused('invalid', 'this call was dismissed already'));

    // Expected visits: impossible days are refused, and a removal happens once.
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    expect(await desk.call('expectVisit', { memberId: 'cc-1', date: '2026-02-30' })).toEqual(refused('invalid', 'date: must be a date written YYYY-MM-DD'));
    expect(await desk.call('expectVisit', { memberId: 'cc-1', date: yesterday })).toEqual(refused('invalid', `${yesterday} is in the past at Harbour Works`));
    expect(await desk.call('expectVisit', { memberId: 'cc-1', date: '2062-11-23' })).toEqual(
      refused('invalid', '2062-11-23 is more than a year ahead: check the year'),
    );
    expect(await desk.call('expectVisit', { memberId: 'nobody', date: tomorrow })).toEqual(refused('not_found', 'no member "nobody" in the visa list'));
    expect(state(db).expected).toEqual([]);
    expect(await desk.call('expectVisit', { memberId: 'cc-1', date: tomorrow })).toMatchObject({ ok: true });
    expect(await desk.call('removeExpected', { memberId: 'cc-1', date: tomorrow })).toMatchObject({ ok: true });
    expect(await desk.call('removeExpected', { memberId: 'cc-1', date: tomorrow })).toEqual(refused('not_found', `cc-1 is not expected on ${tomorrow}`));

    // Check-outs and payments: the wrong visit, or the right one twice.
    expect(await desk.call('checkOutVisit', { visitId: 2 })).toEqual(refused('invalid', 'visit #2 was not let in: there is nobody to check out'));
    expect(await desk.call('checkOutVisit', { visitId: 999 })).toEqual(refused('not_found', 'there is no visit #999'));
    expect(await desk.call('checkOutVisit', { visitId: 1 })).toMatchObject({ ok: true, result: { visitId: 1, name: 'Ada Lovelace' } });
    expect(await desk.call('checkOutVisit', { visitId: 1 })).toEqual(refused('invalid', expect.stringMatching(/^visit #1 checked out already, at \S+Z$/)));
    expect(await desk.call('markPaid', { visitId: 1, method: 'cash' })).toEqual(refused('invalid', 'visit #1 is not a day pass to pay at the desk'));
    expect(await desk.call('markPaid', { visitId: dayPass, method: 'bitcoin' })).toMatchObject(refused('invalid', expect.stringMatching(/^method: /)));
    expect(await desk.call('markPaid', { visitId: dayPass, method: 'card' })).toMatchObject({ ok: true });
    const paid = state(db);
    expect(await desk.call('markPaid', { visitId: dayPass, method: 'cash' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(state(db)).toEqual(paid);
    expect(paid.checkOuts).toHaveLength(1);
  }, 60_000);
});

import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckinResult } from '../../core/api/checkin';
import type { VisitView } from '../../core/api/desk';
import type { OnSite } from '../../core/api/presence';
import { Kiosk } from '../../service/kiosk';
import { movedClock } from '../fixtures/faketime';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { openSocketScreen } from '../fixtures/kiosk-socket';
import { resultOf, type Reply } from '../fixtures/printing-kiosk';
import { startServe } from '../fixtures/serve';
import { useTempDir } from '../fixtures/temp';

/**
 * Check-out through the running `serve`, with its wall clock moved by libfaketime (Debian's faketime
 * package): the clock file is read again at every look, so the test walks the kiosk through a day
 * and past midnight. The kiosk is Harbour Works, in Lisbon (UTC in November).
 */

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function kioskWithClock() {
  const dir = tempDir();
  const db = path.join(dir, 'kiosk.db');
  // Set up in this process: only the kiosk under test runs with the moved clock.
  const setup = Kiosk.open(db);
  await setup.visaList.importFeed({ feed: feedBytes(smallFeed()) });
  setup.settings.set({ key: 'space.id', value: 'harbour' });
  setup.staff.add({ name: 'Maya Okafor', role: 'manager', pin: '1357' });
  await setup.close();
  const clockFile = path.join(dir, 'clock');
  // The kiosk's wall clock from now on (its monotonic clock, for timers, is left alone).
  const { env, set: setClock } = movedClock(clockFile);
  setClock('2026-11-21T09:00:00Z');
  const server = await startServe(db, [], env);
  cleanup.push(server.stop);
  const visitor = await openSocketScreen(server.url);
  const desk = await openSocketScreen(server.url);
  cleanup.push(
    () => visitor.close(),
    () => desk.close(),
  );
  resultOf(await desk.call('signIn', { staffId: 1, pin: '1357' }), 'sign in');
  const tap = async () => resultOf<CheckinResult>(await visitor.call('checkin', { credential: 'CC-1' }), 'checkin');
  const onSite = async () => resultOf<OnSite[]>(await desk.call('onSiteNow'), 'on site now');
  return { db, setClock, visitor, desk, tap, onSite };
}

/** The moved clock is set to the second: a time read from it is within a minute of the one set. */
const near = (iso: string, expected: string) => Math.abs(Date.parse(iso) - Date.parse(expected)) < 60_000;

const refusal = (reply: Reply) => (reply.ok ? null : (reply.error as { code: string; detail?: { what: string } }));

describe('check-out through the running serve, across a day and a midnight', () => {
  it('asks before checking out, lets the visitor back in after lunch on the same visa day, and closes the visit at local midnight', async () => {
    const { db, setClock, visitor, desk, tap, onSite } = await kioskWithClock();
    expect(await tap()).toMatchObject({ decision: 'admitted', kind: 'visa', repeat: false, visitId: 1, visaDaysUsed: 1 });
    const [arrived, ...others] = await onSite();
    expect(others).toEqual([]);
    expect(arrived).toMatchObject({ visitId: 1, name: 'Ada Lovelace', homeSpace: 'Cedar Commons', kind: 'visa' });
    expect(near(arrived!.since, '2026-11-21T09:00:00Z')).toBe(true);

    // Off to lunch: the repeat tap asks; the visitor's Yes checks them out.
    setClock('2026-11-21T12:30:00Z');
    const asked = await tap();
    expect(asked).toMatchObject({ repeat: true, visitId: 1 });
    expect(asked).not.toHaveProperty('checkedOut');
    expect(asked.checkOutTicket).toEqual(expect.any(String));
    expect(resultOf(await visitor.call('checkOut', { ticket: asked.checkOutTicket }), 'check out')).toMatchObject({ visitId: 1, name: 'Ada Lovelace' });
    expect(refusal(await visitor.call('checkOut', { ticket: asked.checkOutTicket }))).toMatchObject({ code: 'invalid', detail: { what: 'check_out_expired' } });
    expect(await onSite()).toEqual([]);

    // Back from lunch: checked in again, no second visa day.
    setClock('2026-11-21T13:30:00Z');
    expect(await tap()).toMatchObject({ decision: 'admitted', repeat: true, visitId: 1, checkedBackIn: true, visaDaysUsed: 1 });
    const [back, ...alsoHere] = await onSite();
    expect(alsoHere).toEqual([]);
    expect(back).toMatchObject({ visitId: 1 });
    expect(near(back!.since, '2026-11-21T13:30:00Z')).toBe(true);

    // Staff check her out (she left by the back door), once.
    expect(resultOf(await desk.call('checkOutVisit', { visitId: 1 }), 'staff check-out')).toMatchObject({ visitId: 1 });
    expect(refusal(await desk.call('checkOutVisit', { visitId: 1 }))).toMatchObject({ code: 'invalid', detail: { what: 'already_checked_out' } });
    const log = new Database(db, { readonly: true });
    expect(log.prepare("SELECT actor, detail FROM audit WHERE action = 'check out'").all()).toEqual([
      { actor: 'Maya Okafor (#1)', detail: JSON.stringify({ visit: 1, name: 'Ada Lovelace' }) },
    ]);
    log.close();
    setClock('2026-11-21T16:00:00Z');
    expect(await tap()).toMatchObject({ checkedBackIn: true, visitId: 1 });

    // Past midnight with nobody checking her out: yesterday's visit is closed; the first tap is a new visit and visa day.
    setClock('2026-11-22T08:00:00Z');
    expect(await onSite()).toEqual([]);
    expect(refusal(await desk.call('checkOutVisit', { visitId: 1 }))).toMatchObject({ code: 'invalid', detail: { what: 'visit_closed' } });
    const nextDay = await tap();
    expect(nextDay).toMatchObject({ decision: 'admitted', repeat: false, visitId: 2, localDate: '2026-11-22', visaDaysUsed: 2 });
    expect(nextDay).not.toHaveProperty('checkedOut');

    // Tap-to-check-out, set by a manager: a tap after the first minutes checks out at once, and the JSON says so.
    resultOf(await desk.call('setSetting', { key: 'kiosk.repeatTap', value: 'check-out' }), 'setting');
    expect(await tap()).not.toHaveProperty('checkedOut');
    setClock('2026-11-22T17:00:00Z');
    expect(await tap()).toMatchObject({ decision: 'admitted', repeat: true, visitId: 2, checkedOut: true });
    expect(await onSite()).toEqual([]);
  }, 90_000);

  it('a day pass sold at the kiosk is unpaid until staff mark it paid, once; a member’s visit has nothing to pay', async () => {
    const { visitor, desk, tap } = await kioskWithClock();
    const pass = resultOf<{ visitId: number }>(await visitor.call('sellDayPass', { name: 'Walk In' }), 'day pass');
    const today = resultOf<VisitView[]>(await desk.call('todaysVisits'), 'today');
    expect(today.find((v) => v.id === pass.visitId)).toMatchObject({ payAtDesk: true, payment: null, price: '15.00' });
    const paid = resultOf<VisitView>(await desk.call('markPaid', { visitId: pass.visitId, method: 'cash' }), 'mark paid');
    expect(paid.payment).toMatchObject({ by: 'Maya Okafor', method: 'cash' });
    expect(near(paid.payment!.at, '2026-11-21T09:00:00Z')).toBe(true);
    expect(refusal(await desk.call('markPaid', { visitId: pass.visitId, method: 'card' }))).toMatchObject({
      code: 'invalid',
      detail: { what: 'already_paid' },
    });
    const visit = await tap();
    expect(refusal(await desk.call('markPaid', { visitId: visit.visitId, method: 'cash' }))).toMatchObject({
      code: 'invalid',
      detail: { what: 'not_pay_at_desk' },
    });
    expect(refusal(await desk.call('markPaid', { visitId: pass.visitId, method: 'cheque' }))).toMatchObject({ code: 'invalid' });
  }, 60_000);
});

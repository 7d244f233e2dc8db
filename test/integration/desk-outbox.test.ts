import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeskCalls } from '../../core/api/desk-calls';
import type { DeskNotice } from '../../core/desk-notice';
import { Kiosk } from '../../service/kiosk';
import type { Actor } from '../../service/sessions';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();
const SCREEN = { id: 'screen at 127.0.0.1', local: true };

/** A kiosk whose desk has a webhook set (nothing delivers: the kiosk is not running), unless `webhook` is false. */
async function desk({ webhook = true } = {}) {
  const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'), { now: () => new Date('2026-11-21T10:00:00Z') });
  await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
  service.settings.set({ key: 'space.id', value: 'harbour' });
  service.settings.set({ key: 'desk.callWaitSeconds', value: 0.5 });
  if (webhook) service.settings.set({ key: 'desk.webhookUrl', value: 'http://127.0.0.1:9/hook' });
  const rita = service.staff.add({ name: 'Rita Front', role: 'staff', pin: '4821' });
  const actor: Actor = { staffId: rita.id, name: rita.name, role: 'staff' };
  return { service, actor };
}

function notices(service: Kiosk): (DeskNotice & { visitId?: number })[] {
  return (service.db.prepare('SELECT notice FROM outbox ORDER BY rowid').all() as { notice: string }[]).map((row) => JSON.parse(row.notice) as DeskNotice);
}

describe("the desk's outbox", () => {
  it('keeps a notice of each visa check-in, day-pass sale and badge not printed, naming the visit it reports', async () => {
    const { service } = await desk();
    const visa = service.desk.checkin({ credential: 'CC-1' });
    expect(visa).toMatchObject({ decision: 'admitted', kind: 'visa' });
    service.desk.checkin({ credential: 'CC-1' });
    service.desk.checkin({ credential: 'HW-1' });
    const pass = service.desk.sellDayPass({ name: 'Grace Guest' });
    service.badges.setStatus(pass.visitId, 'failed');
    expect(notices(service)).toEqual([
      expect.objectContaining({
        kind: 'visa_checkin',
        visitId: visa.visitId,
        name: visa.member!.name,
        homeSpace: 'Cedar Commons',
        space: expect.objectContaining({ id: 'harbour' }),
      }),
      expect.objectContaining({ kind: 'day_pass', visitId: pass.visitId, name: 'Grace Guest', price: pass.price, currency: pass.currency }),
      expect.objectContaining({ kind: 'badge_failed', visitId: pass.visitId, name: 'Grace Guest' }),
    ]);
    expect(new Set(notices(service).map((n) => n.id)).size).toBe(3);
    await service.close();
  });

  it('posts to a Slack-style webhook, a waiting call ahead of older notices, each with its id in a header', async () => {
    const { service } = await desk();
    const got: { key: string | undefined; body: unknown }[] = [];
    const hook = http.createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk));
      request.on('end', () => {
        got.push({ key: request.headers['idempotency-key'] as string | undefined, body: JSON.parse(text) });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    service.settings.set({ key: 'desk.webhookUrl', value: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/slack` });
    service.desk.sellDayPass({ name: 'Grace Guest' });
    service.desk.checkin({ credential: 'CC-1' });
    // Time for the first request on a loaded machine: the call is taken as soon as the webhook answers.
    service.settings.set({ key: 'desk.callWaitSeconds', value: 10 });
    const calling = service.outbox.callStaff({ name: 'Ada Lovelace' }, SCREEN);
    service.outbox.start();
    const reply = await calling;
    expect(reply.takenBy).toBe('webhook');
    await expect.poll(() => got.length).toBe(3);
    expect(got.map((d) => (d.body as { text: string }).text)).toEqual([
      expect.stringMatching(/^Harbour Works: a visitor at the kiosk is asking for help \(Ada Lovelace\) at /),
      expect.stringMatching(/^Harbour Works: a day pass was sold to Grace Guest/),
      expect.stringMatching(/checked in with a visa at/),
    ]);
    expect(got.map((d) => d.key)).toEqual([
      reply.id,
      ...notices(service)
        .filter((n) => n.kind !== 'staff_call')
        .map((n) => n.id),
    ]);
    await expect.poll(() => service.outbox.calls().webhook).toEqual({ waiting: 0, failure: null, failedAt: null });
    await service.close();
    await new Promise((resolve) => hook.close(resolve));
  });

  it("words what it posts in the kiosk's language", async () => {
    const { service } = await desk();
    const got: string[] = [];
    const hook = http.createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk));
      request.on('end', () => {
        got.push((JSON.parse(text) as { text: string }).text);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    service.settings.set({ key: 'kiosk.language', value: 'de' });
    service.settings.set({ key: 'desk.webhookUrl', value: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/slack` });
    service.desk.sellDayPass({ name: 'Grace Guest' });
    service.outbox.start();
    await expect.poll(() => got).toEqual([expect.stringMatching(/^Harbour Works: Um \d\d:\d\d Uhr wurde ein Tagespass an Grace Guest verkauft/)]);
    await service.close();
    await new Promise((resolve) => hook.close(resolve));
  });

  it('a webhook that does not answer in time is tried again, and staff screens are told why meanwhile', async () => {
    const file = path.join(tempDir(), 'kiosk.db');
    const service = Kiosk.open(file, { outbox: { webhookTimeoutMs: 300 } });
    await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    service.settings.set({ key: 'space.id', value: 'harbour' });
    service.settings.set({ key: 'desk.retrySeconds', value: 0.2 });
    service.settings.set({ key: 'desk.retryMaxSeconds', value: 0.4 });
    const state = { answer: false, taken: 0 };
    const held: http.ServerResponse[] = [];
    const hook = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        if (!state.answer) return void held.push(response);
        state.taken++;
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    service.settings.set({ key: 'desk.webhookUrl', value: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook` });
    const heard: DeskCalls[] = [];
    service.events.on('deskCalls', (calls) => heard.push(calls));
    service.desk.sellDayPass({ name: 'Grace Guest' });
    service.outbox.start();
    await expect.poll(() => heard.at(-1)?.webhook).toMatchObject({ waiting: 1, failure: { kind: 'timeout' }, failedAt: expect.any(String) });
    await expect.poll(() => held.length).toBeGreaterThanOrEqual(2);
    state.answer = true;
    await expect.poll(() => heard.at(-1)?.webhook).toEqual({ waiting: 0, failure: null, failedAt: null });
    expect(state.taken).toBe(1);
    await service.close();
    held.forEach((response) => response.destroy());
    await new Promise((resolve) => hook.close(resolve));
  });

  it('with no webhook set, only calls for staff are kept: visits are on Today, and a tap writes no second row', async () => {
    const { service } = await desk({ webhook: false });
    expect(service.desk.checkin({ credential: 'CC-1' })).toMatchObject({ decision: 'admitted', kind: 'visa' });
    service.desk.sellDayPass({ name: 'Grace Guest' });
    const call = await service.outbox.callStaff({ name: 'Ada Lovelace' }, SCREEN);
    expect(notices(service).map((n) => n.id)).toEqual([call.id]);
    expect(service.outbox.calls()).toMatchObject({ calls: [{ id: call.id, name: 'Ada Lovelace' }], webhook: null });
    await service.close();
  });

  it("erasing a guest takes the desk's notices that name them too", async () => {
    const { service, actor } = await desk();
    service.desk.sellDayPass({ name: 'Grace Guest', email: 'grace@example.org' });
    service.desk.sellDayPass({ name: 'Other Guest', email: 'other@example.org' });
    service.maintenance.erasePerson({ email: 'GRACE@example.org' }, actor);
    expect(notices(service).map((n) => n.kind === 'day_pass' && n.name)).toEqual(['Other Guest']);
    await service.close();
  });

  it('retention deletes old notices nobody waits for, never a call still on the staff screens', async () => {
    const clock = { now: new Date('2026-08-01T10:00:00Z') };
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'), { now: () => clock.now });
    await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    service.settings.set({ key: 'space.id', value: 'harbour' });
    service.settings.set({ key: 'desk.callWaitSeconds', value: 0.5 });
    service.settings.set({ key: 'desk.webhookUrl', value: 'http://127.0.0.1:9/hook' });
    const visa = service.desk.checkin({ credential: 'CC-1' });
    const [delivered] = notices(service);
    expect(delivered).toMatchObject({ kind: 'visa_checkin', visitId: visa.visitId });
    service.outbox.table.delivered(delivered!.id, clock.now.toISOString());
    service.desk.checkin({ credential: 'HW-1' });
    const call = await service.outbox.callStaff({ name: 'Ada Lovelace' }, SCREEN);
    clock.now = new Date('2026-11-21T10:00:00Z');
    service.maintenance.purgeExpiredGuests();
    expect(notices(service).map((n) => n.id)).toEqual([call.id]);
    await service.close();
  });

  it('a visa check-in whose notice cannot be written is not logged either', async () => {
    const { service } = await desk();
    service.db.exec("CREATE TRIGGER outbox_refuses BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'the outbox refused'); END");
    expect(() => service.desk.checkin({ credential: 'CC-1' })).toThrow(/the outbox refused/);
    expect(service.db.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 0 });
    await service.close();
  });

  it('a call nobody took is kept and says so; a staff screen showing it takes it; dismissing it is in the audit trail', async () => {
    const { service, actor } = await desk();
    const unanswered = await service.outbox.callStaff({ name: 'Ada Lovelace' }, SCREEN);
    expect(unanswered).toMatchObject({ name: 'Ada Lovelace', takenBy: null });

    const heard: DeskCalls[] = [];
    service.events.on('deskCalls', (calls) => heard.push(calls));
    const waiting = service.outbox.callStaff({ credential: { kind: 'rfid', value: 'DEADBEEF01' } }, SCREEN);
    await expect.poll(() => heard.at(-1)?.calls.length).toBe(2);
    const second = heard.at(-1)!.calls[1]!;
    expect(second).toMatchObject({ credential: { kind: 'rfid', value: 'DEADBEEF01' }, heardAt: null });
    expect(service.outbox.showing({ ids: [unanswered.id, second.id] }).calls.every((call) => call.heardAt !== null)).toBe(true);
    expect(await waiting).toMatchObject({ id: second.id, takenBy: 'screen' });

    expect(service.outbox.dismiss({ id: unanswered.id }, actor).calls.map((call) => call.id)).toEqual([second.id]);
    expect(() => service.outbox.dismiss({ id: unanswered.id }, actor)).toThrow('this call was dismissed already');
    expect(() => service.outbox.dismiss({ id: '0b5f3f3e-8d6b-4f7e-9a51-2f1c9d3b7a10' }, actor)).toThrow('there is no such call for staff');
    const trail = service.maintenance.auditLog({ limit: 10 }).entries.filter((e) => e.action.includes('call'));
    expect(trail.map((e) => [e.actor, e.action, e.detail])).toEqual([
      ['Rita Front (#1)', 'dismiss staff call', { call: unanswered.id, calledAt: unanswered.at }],
      ['screen at 127.0.0.1', 'staff call', { call: second.id }],
      ['screen at 127.0.0.1', 'staff call', { call: unanswered.id }],
    ]);
    await service.close();
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Kiosk } from '../../service/kiosk';
import { startServer, type RunningServer } from '../../service/web/server';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();
const running: { server: RunningServer; service: Kiosk }[] = [];
afterEach(async () => {
  for (const { server, service } of running.splice(0)) {
    await server.close();
    await service.close();
  }
});

/** A screen's socket as its page opens it, at `?screen=name`: what it heard, and calls answered in order. */
async function screenAt(server: RunningServer, name: string) {
  const page = new URL(server.url);
  const socket = new WebSocket(`ws://${page.host}/api?screen=${name}`, { origin: page.origin });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const messages: Record<string, unknown>[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
  let nextId = 1;
  const call = async (method: string, input: unknown = {}) => {
    const id = nextId++;
    socket.send(JSON.stringify({ id, method, input }));
    while (!messages.some((m) => m.id === id)) await new Promise((resolve) => setTimeout(resolve, 5));
    return messages.find((m) => m.id === id)!;
  };
  return { call, checkins: () => messages.filter((m) => m.event === 'checkin').map((m) => m.payload as Record<string, unknown>) };
}

describe('staff overriding a denial, with several screens at the desk', () => {
  it('the override goes back to the screen the visitor was denied at, not to the screen beside it', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'renderer'));
    const service = Kiosk.open(path.join(dir, 'kiosk.db'));
    await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    service.settings.set({ key: 'space.id', value: 'harbour' });
    const sam = service.staff.add({ name: 'Sam Staff', role: 'staff', pin: '482193' });
    const server = await startServer(service, { host: '127.0.0.1', port: 0, staticRoot: path.join(dir, 'renderer') });
    running.push({ server, service });
    const [left, right, desk] = await Promise.all([screenAt(server, 'left'), screenAt(server, 'right'), screenAt(server, 'desk')]);
    expect(await desk.call('signIn', { staffId: sam.id, pin: '482193' })).toMatchObject({ ok: true });

    const denied = await left.call('checkin', { credential: 'ZZ-404' });
    expect(denied).toMatchObject({ ok: true, result: { decision: 'denied', reason: 'unknown_credential' } });
    const visitId = (denied.result as { visitId: number }).visitId;
    expect(await desk.call('overrideVisit', { visitId, reason: 'forgot her card', guestName: 'Marie Curie' })).toMatchObject({
      ok: true,
      result: { decision: 'admitted' },
    });
    // Events go out before the replies that follow them: a call answered now has had them all.
    await Promise.all([left.call('kioskInfo'), right.call('kioskInfo')]);
    expect(left.checkins().map((c) => [c.decision, c.shared])).toEqual([
      ['denied', undefined],
      ['admitted', true],
    ]);
    expect(right.checkins()).toEqual([]);
    expect(desk.checkins().map((c) => c.decision)).toEqual(['denied', 'admitted']);
  });
});

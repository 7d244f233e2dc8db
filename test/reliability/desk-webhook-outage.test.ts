import Database from 'better-sqlite3';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StaffCallReply } from '../../core/api/desk-calls';
import { visaKiosk } from '../fixtures/cli';
import { openSocketScreen } from '../fixtures/kiosk-socket';
import { resultOf } from '../fixtures/printing-kiosk';
import { freePort } from '../fixtures/servers';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';
import { serve } from './serve-process';

const tempDir = useTempDir();
const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

interface Delivery {
  status: number;
  header: string | undefined;
  body: { id: string; kind: string; name: string | null };
}

/** A team's webhook on loopback: it answers what `answer` says now, and keeps every request it got. */
function receiver(port: number) {
  const got: Delivery[] = [];
  const state = { answer: 500 };
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk));
    request.on('end', () => {
      got.push({ status: state.answer, header: request.headers['idempotency-key'] as string | undefined, body: JSON.parse(text) as Delivery['body'] });
      response.writeHead(state.answer).end();
    });
  });
  return {
    got,
    state,
    start: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve())),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function outboxCount(db: string): number {
  const file = new Database(db, { readonly: true });
  try {
    return (file.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'staff_call'").get() as { n: number }).n;
  } finally {
    file.close();
  }
}

describe('the desk hears every call through a webhook that is down for a while, across a kiosk killed and started again', () => {
  it('keeps the calls made while the webhook refused or failed, and delivers each once it is back, with the same id every time', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    const port = await freePort();
    for (const [key, value] of [
      ['desk.webhookUrl', `http://127.0.0.1:${port}/hook`],
      ['desk.webhookFormat', 'json'],
      ['desk.retrySeconds', '0.2'],
      ['desk.retryMaxSeconds', '0.5'],
      ['desk.callWaitSeconds', '3'],
    ]) {
      expect((await visaKiosk(['--db', db, 'config', 'set', key!, value!])).code).toBe(0);
    }
    const first = await serve(db);
    cleanup.push(() => first.kill('SIGKILL'));
    const screen = await openSocketScreen(first.url);
    cleanup.push(() => screen.close());

    // Nobody listens on the port: the connection is refused, and the visitor is not told help is coming.
    const refused = await Promise.all(['Ada Lovelace', 'Grace Hopper'].map((name) => screen.call('callStaff', { name })));
    for (const reply of refused) expect(resultOf<StaffCallReply>(reply, 'a call').takenBy).toBeNull();

    // The webhook comes up answering 500: every try is a failure, kept for later.
    const hook = receiver(port);
    await hook.start();
    cleanup.push(hook.stop);
    await until('the webhook to be tried while it answers 500', () => hook.got.length >= 3, 10_000);
    const third = screen.call('callStaff', { name: 'Katherine Johnson' });
    await until('the third call to be kept', () => outboxCount(db) === 3, 5_000);
    await first.kill('SIGKILL');
    await third;
    expect(hook.got.every((d) => d.status === 500)).toBe(true);

    // Back up, and a kiosk started again: everything kept arrives.
    hook.state.answer = 200;
    const second = await serve(db);
    cleanup.push(() => second.kill('SIGTERM'));
    const taken = () => new Map(hook.got.filter((d) => d.status === 200).map((d) => [d.body.id, d]));
    await until('the three calls to reach the webhook', () => taken().size === 3, 10_000);
    expect([...taken().values()].map((d) => d.body.name).sort()).toEqual(['Ada Lovelace', 'Grace Hopper', 'Katherine Johnson']);
    for (const delivery of hook.got) {
      expect(delivery.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(delivery.header).toBe(delivery.body.id);
      expect(delivery.body.kind).toBe('staff_call');
    }
    // The tries refused with 500 were of these same notices: a receiver drops repeats by id.
    expect(new Set(hook.got.map((d) => d.body.id))).toEqual(new Set(taken().keys()));
    const stopped = hook.got.length;
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(hook.got.length).toBe(stopped);

    // With the webhook up, a visitor hears help is coming once it took the call.
    const again = await openSocketScreen(second.url);
    cleanup.push(() => again.close());
    const reply = resultOf<StaffCallReply>(await again.call('callStaff', { name: 'Mary Jackson' }), 'a call');
    expect(reply.takenBy).toBe('webhook');
    expect(taken().get(reply.id)?.body.name).toBe('Mary Jackson');
  }, 60_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { METHODS } from '../../core/api';
import { addStaff, MAYA } from '../fixtures/staff';
import { until } from '../fixtures/wait';
import { STACK_LINE } from './faults';
import { Screen } from './screen';
import { serve, type ServeProcess } from './serve-process';
import { readLog } from './visit-log';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('a hostile WebSocket client', () => {
  let kiosk: ServeProcess;
  let db: string;
  let bystander: Screen;
  beforeAll(async () => {
    db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'visa-kiosk-ws-')), 'kiosk.db');
    kiosk = await serve(db, ['--demo']);
    bystander = await Screen.open(kiosk.url);
  });
  afterAll(async () => {
    bystander?.close();
    await kiosk?.kill('SIGKILL');
    fs.rmSync(path.dirname(db), { recursive: true, force: true });
  });

  /** The kiosk is alive and another screen is served as usual. */
  async function stillServing(): Promise<void> {
    expect(kiosk.child.exitCode).toBe(null);
    expect(await bystander.call('kioskInfo')).toMatchObject({ ok: true, result: { space: { id: 'harbour-works' } } });
  }

  it('random methods and inputs: every call is answered, ok or refused with a code, and nothing internal leaks', async () => {
    const socket = await Screen.open(kiosk.url);
    cleanup.push(() => socket.close());
    const names = [...Object.keys(METHODS), 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'x'.repeat(64), ''];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.oneof(
          fc.anything({ maxDepth: 3 }),
          fc.jsonValue({ maxDepth: 3 }),
          fc.record({ credential: fc.string(), pin: fc.string(), visitId: fc.integer(), key: fc.string(), value: fc.anything() }, { requiredKeys: [] }),
        ),
        async (method, input) => {
          const reply = await socket.call(method, JSON.parse(JSON.stringify(input ?? null) ?? 'null'));
          if (!reply.ok) {
            expect(['invalid', 'forbidden', 'refused', 'not_found', 'rate_limited']).toContain(reply.error!.code);
            expect(reply.error!.message).not.toMatch(STACK_LINE);
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(socket.closed).toBe(null);
    await stillServing();
  });

  /** Writes one WebSocket frame byte by byte as given, bypassing the client library's checks. */
  function rawFrame(socket: Screen, first: number, payload: Buffer, masked = true): void {
    const mask = Buffer.from([1, 2, 3, 4]);
    const body = masked ? Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!)) : payload;
    const header = Buffer.from([first, (masked ? 0x80 : 0) | payload.length]);
    (socket.socket as unknown as { _socket: import('node:net').Socket })._socket.write(Buffer.concat([header, masked ? mask : Buffer.alloc(0), body]));
  }

  const closes: [string, (socket: Screen) => void, number][] = [
    ['not JSON', (s) => s.socket.send('SELECT * FROM members; --'), 1003],
    ['a binary frame', (s) => s.socket.send(Buffer.from(JSON.stringify({ id: 1, method: 'kioskInfo' })), { binary: true }), 1003],
    ['a message of the wrong shape', (s) => s.socket.send(JSON.stringify({ id: -1, method: 'kioskInfo', extra: true })), 1003],
    ['JSON nested 30,000 deep', (s) => s.socket.send(`${'['.repeat(30_000)}${']'.repeat(30_000)}`), 1003],
    ['text that is not UTF-8', (s) => rawFrame(s, 0x81, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 1007],
    ['a reserved opcode', (s) => rawFrame(s, 0x83, Buffer.from('{}')), 1002],
    ['an unmasked client frame', (s) => rawFrame(s, 0x81, Buffer.from('{}'), false), 1002],
    [
      'a 100 KB message from a screen nobody is signed in to',
      (s) => s.socket.send(JSON.stringify({ id: 1, method: 'checkin', input: { credential: 'x'.repeat(100 * 1024) } })),
      1009,
    ],
    [
      'a 100 KB message naming no method of the kiosk’s',
      (s) => s.socket.send(JSON.stringify({ id: 1, method: 'importEverything', input: { csv: 'x'.repeat(100 * 1024) } })),
      1009,
    ],
    [
      'a message over the 8 MB limit',
      (s) => s.socket.send(JSON.stringify({ id: 1, method: 'checkin', input: { credential: 'x'.repeat(9 * 1024 * 1024) } })),
      1009,
    ],
  ];

  it.each(closes)('%s: the socket is closed, the kiosk goes on', async (_, send, code) => {
    const socket = await Screen.open(kiosk.url);
    send(socket);
    await until('the socket to be closed', () => socket.closed !== null, 10_000);
    expect(socket.closed!.code).toBe(code);
    await stillServing();
  });

  it('a large import from a screen whose staff session is gone (the kiosk restarted) is answered "sign in first", as a small staff call is; the socket stays open', async () => {
    const socket = await Screen.open(kiosk.url);
    cleanup.push(() => socket.close());
    const csv = `id,space,name,email,status,validUntil,credentials\n${'cc-1,cedar-commons,Ada,,active,,barcode:CC-1\n'.repeat(5_000)}`;
    expect(await socket.call('importCsv', { csv })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'importCsv needs a manager to sign in first', detail: { what: 'signed_out' } },
    });
    expect(socket.closed).toBe(null);
    await stillServing();
  });

  it('a manager signed in on the screen still imports a CSV of over a megabyte through it', async () => {
    await addStaff(db, MAYA);
    const socket = await Screen.open(kiosk.url);
    cleanup.push(() => socket.close());
    const names = (await socket.call('staffNames')).result as { id: number; name: string }[];
    expect(await socket.call('signIn', { staffId: names.find((n) => n.name === MAYA.name)!.id, pin: MAYA.pin })).toMatchObject({ ok: true });
    const rows = Array.from(
      { length: 12_000 },
      (_, i) => `cc-big-${i},cedar-commons,Member number ${i} of a large space,m${i}@example.org,active,,barcode:CC-BIG-${i}`,
    );
    const csv = ['id,space,name,email,status,validUntil,credentials', ...rows].join('\n');
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    expect(await socket.call('importCsv', { csv })).toMatchObject({ ok: true });
    expect(socket.closed).toBe(null);
    expect(await socket.call('checkin', { credential: 'CC-BIG-11999' })).toMatchObject({ ok: true, result: { member: { id: 'cc-big-11999' } } });
  });

  it('a flood of 2,000 messages: every one answered (past the limits, "wait a moment"), and other screens served meanwhile', async () => {
    const socket = await Screen.open(kiosk.url);
    cleanup.push(() => socket.close());
    const sent = Array.from({ length: 2000 }, (_, i) => socket.call(i % 10 ? 'kioskInfo' : 'checkin', i % 10 ? {} : { credential: `FLOOD-${i}` }));
    const bystanderReply = bystander.call('readerStatuses');
    const replies = await Promise.all(sent);
    expect(replies).toHaveLength(2000);
    const refused = replies.filter((r) => !r.ok);
    expect(refused.length).toBeGreaterThan(1000);
    for (const reply of refused)
      expect(reply.error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^too many (taps|requests at once): wait a moment/) });
    expect(await bystanderReply).toMatchObject({ ok: true });
    expect(socket.closed).toBe(null);
    // Only the flood's decided badges are logged, each once, and the file is sound.
    const decided = replies.filter((r, i) => r.ok && i % 10 === 0).length;
    const { visits, integrity } = readLog(db);
    expect(integrity).toBe('ok');
    const flood = visits.filter((v) => v.credential_value?.startsWith('FLOOD-')).map((v) => v.credential_value);
    expect(flood.length).toBeLessThanOrEqual(decided);
    expect(new Set(flood).size).toBe(flood.length);
    await stillServing();
  });
});

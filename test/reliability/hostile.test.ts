import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { METHODS } from '../../core/api';
import { credentialCandidates, normaliseCredential, normaliseRfid, RfidForm } from '../../core/credentials';
import { KioskError } from '../../core/errors';
import { runCli } from '../../service/cli/main';
import { installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { BIN } from '../fixtures/cli';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';
import { readLog, Screen, serve, STACK_LINE, type ServeProcess } from './helpers';

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

// ---- The visa list: a feed or a CSV, mutated --------------------------------------------------

interface ListSnapshot {
  listFile: string | null;
  info: unknown;
}

/** What is installed, and the proof that it is whole: its own counts match its rows. */
function installed(service: Kiosk): ListSnapshot {
  const db = service.db;
  const listFile = (db.prepare('SELECT list_file FROM sync_state WHERE id = 1').pluck().get() as string | null) ?? null;
  const info = db.prepare('SELECT sequence, spaces, members, credentials FROM list.list_info').get() as {
    sequence: number | null;
    spaces: number;
    members: number;
    credentials: number;
  };
  const rows = db
    .prepare(
      'SELECT (SELECT count(*) FROM list.spaces) AS spaces, (SELECT count(*) FROM list.members) AS members, (SELECT count(*) FROM list.credentials) AS credentials',
    )
    .get();
  expect(rows).toEqual({ spaces: info.spaces, members: info.members, credentials: info.credentials });
  expect(db.prepare('SELECT count(*) FROM list.members WHERE space_id NOT IN (SELECT id FROM list.spaces)').pluck().get()).toBe(0);
  expect(db.prepare('SELECT count(*) FROM list.credentials WHERE member_id NOT IN (SELECT id FROM list.members)').pluck().get()).toBe(0);
  return { listFile, info };
}

/** Tries an import: it either fails with a KioskError and changes nothing, or installs a whole list. */
async function importChangesAllOrNothing(service: Kiosk, dir: string, attempt: () => Promise<unknown>): Promise<'refused' | 'installed'> {
  const before = installed(service);
  try {
    await attempt();
  } catch (error) {
    if (!(error instanceof KioskError))
      throw new Error(`the import threw ${(error as Error)?.constructor?.name}: ${(error as Error)?.stack ?? String(error)}`, { cause: error });
    expect(error.message).not.toContain('\n');
    expect(installed(service)).toEqual(before);
    // No half-built list file is left beside the database.
    expect(fs.readdirSync(dir).filter((f) => f.includes('-list-') && f.endsWith('.db'))).toEqual([before.listFile]);
    return 'refused';
  }
  const after = installed(service);
  expect(after.listFile).not.toBe(before.listFile);
  return 'installed';
}

const NUMBERS = ['1e400', '-1', '18446744073709551617', '1e-400', '-0', '9007199254740993', '1.5', '0x10', 'NaN', '1'.repeat(400), '-1e308'];
const KEYS = [
  'format',
  'sequence',
  'generatedAt',
  'spaces',
  'members',
  'id',
  'space',
  'name',
  'email',
  'status',
  'validUntil',
  'credentials',
  'kind',
  'value',
  'visa',
  'accepts',
  'freeDaysPerMonth',
  'timezone',
  '__proto__',
  'constructor',
];

/** One way a feed is damaged or made hostile, applied to its text. */
const mutation = fc.oneof(
  fc.record({ type: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ type: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ type: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ type: fc.constant('duplicateKey' as const), at: fc.nat(), key: fc.constantFrom(...KEYS), value: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ type: fc.constant('hugeNumber' as const), at: fc.nat(), number: fc.constantFrom(...NUMBERS) }),
  fc.record({ type: fc.constant('deep' as const), at: fc.nat(), depth: fc.integer({ min: 100, max: 60_000 }), brackets: fc.constantFrom('[]', '{}') }),
  fc.record({ type: fc.constant('bom' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function positions(text: Buffer, pattern: RegExp): number[] {
  return [...text.toString('latin1').matchAll(pattern)].map((m) => m.index!);
}

function mutate(bytes: Buffer, m: Mutation): Buffer {
  const at = (n: number) => m.at % Math.max(n, 1);
  switch (m.type) {
    case 'flip': {
      const copy = Buffer.from(bytes);
      copy[at(copy.length)]! ^= m.xor;
      return copy;
    }
    case 'truncate':
      return bytes.subarray(0, at(bytes.length));
    case 'insert': {
      const i = at(bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, i), m.bytes, bytes.subarray(i)]);
    }
    case 'duplicateKey': {
      const opens = positions(bytes, /\{/g);
      const i = opens[at(opens.length)]! + 1;
      return Buffer.concat([bytes.subarray(0, i), Buffer.from(`${JSON.stringify(m.key)}: ${JSON.stringify(m.value)}, `), bytes.subarray(i)]);
    }
    case 'hugeNumber': {
      const numbers = [...bytes.toString('latin1').matchAll(/(?<=[:[,]\s*)-?\d+(\.\d+)?/g)];
      if (numbers.length === 0) return bytes;
      const n = numbers[at(numbers.length)]!;
      return Buffer.concat([bytes.subarray(0, n.index), Buffer.from(m.number), bytes.subarray(n.index! + n[0].length)]);
    }
    case 'deep': {
      const opens = positions(bytes, /\{/g);
      const i = opens[at(opens.length)]! + 1;
      const [open, close] = m.brackets === '[]' ? ['[', ']'] : ['{"a":', '}'];
      const nested = `${open.repeat(m.depth)}${m.brackets === '[]' ? '' : '1'}${close.repeat(m.depth)}`;
      return Buffer.concat([bytes.subarray(0, i), Buffer.from(`"deep": ${nested}, `), bytes.subarray(i)]);
    }
    case 'bom': {
      const i = at(bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, i), Buffer.from([0xef, 0xbb, 0xbf]), bytes.subarray(i)]);
    }
  }
}

describe('hostile visa lists', () => {
  let service: Kiosk;
  let dir: string;
  const outcomes = { refused: 0, installed: 0 };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'visa-kiosk-hostile-'));
    service = Kiosk.open(path.join(dir, 'kiosk.db'));
    await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
  });
  afterAll(async () => {
    await service.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a mutated feed (flipped bytes, cut short, duplicated keys, huge numbers, deep nesting) is refused whole or installed whole', async () => {
    let sequence = 10;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const base = Buffer.from(feedBytes(smallFeed({ sequence: ++sequence })));
        const feed = mutations.reduce(mutate, base);
        outcomes[await importChangesAllOrNothing(service, dir, () => service.visaList.importFeed({ feed: new Uint8Array(feed) }))]++;
      }),
      { numRuns: 150 },
    );
    // Both paths were taken: some damage is tolerated (a bad record skipped), most is refused.
    expect(outcomes.refused).toBeGreaterThan(20);
    expect(outcomes.installed).toBeGreaterThan(5);
  });

  it('an inherited key cannot smuggle the header in: a feed whose format is only in "__proto__" is refused', async () => {
    const feed = feedBytes(smallFeed({ sequence: 1_000_000 })).replace('"format": "coworking-visa/1",', '"__proto__": { "format": "coworking-visa/1" },');
    await expect(service.visaList.importFeed({ feed })).rejects.toThrow(/^the feed was refused: format: is missing$/);
    const other = feedBytes(smallFeed({ sequence: 1_000_000 })).replace(
      '"format": "coworking-visa/1",',
      '"__proto__": { "format": "evil/9" }, "format": "coworking-visa/1",',
    );
    // An explicit format beside it is the one that counts.
    await expect(service.visaList.importFeed({ feed: other })).resolves.toMatchObject({ sequence: 1_000_000 });
  });

  it('a random CSV (rows, quotes, BOMs, line breaks, stray bytes) is refused whole or installed whole', async () => {
    const csvDir = tempDir();
    const kiosk = Kiosk.open(path.join(csvDir, 'kiosk.db'));
    cleanup.push(() => kiosk.close());
    await kiosk.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    const columns = ['id', 'space', 'name', 'email', 'status', 'validUntil', 'credentials'];
    const cell = fc.oneof(
      fc.constantFrom(
        '',
        'cedar',
        'harbour',
        'nowhere',
        'active',
        'suspended',
        '2027-01-31',
        '2027-02-30',
        'rfid:0F00A1B2C3',
        'barcode:CC-9;rfid:zz',
        'ada@example.org',
        '"',
        '""',
        '\ufeff',
        '\r\n',
        ',',
        '=cmd|calc',
      ),
      fc.string({ maxLength: 12 }),
      fc.stringMatching(/^[a-z]{2}-\d{1,3}$/),
    );
    const quoted = fc.tuple(cell, fc.boolean()).map(([text, quote]) => (quote ? `"${text.replace(/"/g, '""')}"` : text));
    const csv = fc.record({
      bom: fc.boolean(),
      header: fc.shuffledSubarray(columns, { minLength: 5 }),
      rows: fc.array(fc.array(quoted, { minLength: 5, maxLength: 8 }), { maxLength: 8 }),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
      tail: fc.uint8Array({ maxLength: 4 }),
    });
    const outcome = { refused: 0, installed: 0 };
    await fc.assert(
      fc.asyncProperty(csv, async ({ bom, header, rows, eol, tail }) => {
        const text = `${bom ? '\ufeff' : ''}${[header.join(','), ...rows.map((r) => r.join(','))].join(eol)}${eol}`;
        const bytes = Buffer.concat([Buffer.from(text), tail]);
        outcome[await importChangesAllOrNothing(kiosk, csvDir, () => kiosk.visaList.importCsv({ csv: bytes.toString('utf8') }))]++;
      }),
      { numRuns: 120 },
    );
    expect(outcome.refused).toBeGreaterThan(10);
  });
});

// ---- Credentials ------------------------------------------------------------------------------

describe('hostile credentials', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.stringMatching(/^[\s0-9a-fA-F:.\-x]{0,40}$/),
    fc.constant('9'.repeat(400)),
  );

  it('normalisation never throws, and what it accepts is canonical', () => {
    fc.assert(
      fc.property(text, fc.constantFrom<RfidForm | undefined>(undefined, ...RfidForm.options), (raw, form) => {
        for (const result of [normaliseCredential('rfid', raw, form), normaliseCredential('barcode', raw), normaliseRfid(raw, form)]) {
          if (result.ok) {
            if (result.credential.kind === 'rfid') expect(result.credential.value).toMatch(/^([0-9A-F]{2})+$/);
            else expect(result.credential.value).toBe(result.credential.value.trim());
          } else expect(typeof result.error).toBe('string');
        }
        for (const candidate of credentialCandidates(raw)) expect(candidate.value.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('a check-in with any text is a decision or a KioskError, never anything else', async () => {
    const kiosk = Kiosk.open(path.join(tempDir(), 'kiosk.db'));
    cleanup.push(() => kiosk.close());
    await installDemo(kiosk);
    fc.assert(
      fc.property(
        text,
        fc.constantFrom(undefined, 'rfid', 'barcode'),
        fc.constantFrom<RfidForm | undefined>(undefined, ...RfidForm.options),
        (credential, kind, form) => {
          try {
            const result = kiosk.desk.checkin({ credential, ...(kind && { kind }), ...(form && { form }) } as never, { dryRun: true });
            expect(['admitted', 'denied', 'staff']).toContain(result.decision);
          } catch (error) {
            expect(error).toBeInstanceOf(KioskError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

// ---- The WebSocket ------------------------------------------------------------------------------

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
    ['JSON nested 100,000 deep', (s) => s.socket.send(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), 1003],
    ['text that is not UTF-8', (s) => rawFrame(s, 0x81, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 1007],
    ['a reserved opcode', (s) => rawFrame(s, 0x83, Buffer.from('{}')), 1002],
    ['an unmasked client frame', (s) => rawFrame(s, 0x81, Buffer.from('{}'), false), 1002],
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

// ---- The command line ---------------------------------------------------------------------------

const WORDS = [
  'config',
  'get',
  'set',
  'list',
  'visa',
  'import',
  'status',
  'sign',
  'keygen',
  'expect',
  'checkin',
  'daypass',
  'export',
  'staff',
  'add',
  'readers',
  'nonsense',
  '--help',
  '-h',
];
const OPTIONS = [
  '--json',
  '--kind',
  '--form',
  '--at',
  '--dry-run',
  '--name',
  '--email',
  '--from',
  '--to',
  '--report',
  '--format',
  '--space',
  '--bom',
  '--out',
  '--role',
  '--badge',
  '--date',
  '--signature',
  '--public-key',
  '--key',
  '--protocol',
  '--serial',
  '--',
  '-x',
  '--no-such-option',
];

function argvArbitrary(dir: string) {
  const value = fc.oneof(
    fc.constantFrom(
      'space.id',
      'readers',
      'kiosk.idleSeconds',
      'harbour-works',
      'HW-0001',
      '1000A1B200',
      'rfid',
      'barcode',
      'decimal',
      '2026-13-01',
      '2026-11-21',
      '2026-11-21T10:00:00Z',
      'visits',
      'spaces',
      'csv',
      'json',
      'staff',
      'manager',
      '-1',
      '1e999',
      '[]',
      '{"a":',
      '',
    ),
    fc.constantFrom('out.csv', 'key.pem', 'missing.json', 'sub/dir/out.csv').map((f) => path.join(dir, f)),
    fc.string({ maxLength: 20 }),
  );
  const option = fc.oneof(
    fc.constantFrom(...OPTIONS),
    fc.tuple(fc.constantFrom(...OPTIONS), value).map(([o, v]) => `${o}=${v}`),
  );
  return fc.array(fc.oneof(fc.constantFrom(...WORDS), option, value), { minLength: 0, maxLength: 7 });
}

describe('random command lines', () => {
  it('exit 0, 1 or 2 only, never a stack trace, whatever the words (in process)', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const setup = Kiosk.open(db);
    await installDemo(setup);
    await setup.close();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await fc.assert(
        fc.asyncProperty(argvArbitrary(dir), fc.stringMatching(/^\d{0,14}$/), async (argv, pin) => {
          const err: string[] = [];
          const out: string[] = [];
          const code = await runCli(
            ['--db', db, ...argv],
            { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => `${pin}\n` },
            { env: { VISA_KIOSK_DB: '' } },
          );
          expect([0, 1, 2]).toContain(code);
          expect(err.join('\n')).not.toMatch(STACK_LINE);
          if (code === 1) expect(err.length).toBe(1);
        }),
        { numRuns: 250 },
      );
    } finally {
      process.chdir(cwd);
    }
  });

  it('the same as real processes: exit status and stderr as a user sees them', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const setup = Kiosk.open(db);
    await installDemo(setup);
    await setup.close();
    const samples = fc.sample(argvArbitrary(dir), { numRuns: 10, seed: 42 });
    const run = (argv: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, '--db', db, ...argv], {
          cwd: dir,
          env: { ...process.env, VISA_KIOSK_DB: '' },
          stdio: ['pipe', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d));
        child.on('close', (code) => resolve({ code, stderr }));
        child.stdin.end('1234\n');
      });
    for (let i = 0; i < samples.length; i += 2) {
      const results = await Promise.all(samples.slice(i, i + 2).map(run));
      for (const [j, { code, stderr }] of results.entries()) {
        expect([0, 1, 2], `${JSON.stringify(samples[i + j])}: ${stderr}`).toContain(code);
        expect(stderr).not.toMatch(STACK_LINE);
      }
    }
  });
});

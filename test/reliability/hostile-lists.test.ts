import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KioskError } from '../../core/errors';
import { Kiosk } from '../../service/kiosk';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

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

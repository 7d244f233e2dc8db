import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FeedMember } from '../../core/feed';
import { scanFeed } from '../../service/visa-list/feed-scan';
import { WINDOW_BYTES, type FeedReader } from '../../service/visa-list/feed-window';
import { plainMember } from '../../service/visa-list/feed-member';
import { Kiosk } from '../../service/kiosk';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';

/**
 * What the bench's list-import work changed (README, "Performance"): a feed file is streamed
 * rather than read whole, records that plainly fit the schema skip zod, member ids are checked
 * by the database's unique index, and a feed file is built by two threads. Each must give the
 * same list and the same words as before.
 */
const tempDir = useTempDir();
const LIST_WORKER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'node', 'list-worker.js');

type Seen = { values: [string, unknown][]; elements: [string, number, unknown][] };

/** Scans in memory, or through a reader that hands over `chunk` bytes at a time. */
function scan(bytes: Uint8Array, chunk?: number): Seen | string {
  const seen: Seen = { values: [], elements: [] };
  let at = 0;
  const reader: FeedReader = (into, offset, length) => {
    const n = Math.min(length, chunk!, bytes.length - at);
    into.set(bytes.subarray(at, at + n), offset);
    at += n;
    return n;
  };
  try {
    scanFeed(chunk === undefined ? bytes : reader, {
      value: (key, value) => seen.values.push([key, value]),
      element: (list, index, value) => seen.elements.push([list, index, value]),
    });
    return seen;
  } catch (error) {
    return (error as Error).message;
  }
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('a feed streamed from its file', () => {
  const feed = utf8(feedBytes(smallFeed()));
  const cases: [string, Uint8Array][] = [
    ['a whole feed', feed],
    ['a feed with a byte-order mark', Buffer.concat([Uint8Array.of(0xef, 0xbb, 0xbf), feed])],
    ['a feed cut off in a string', feed.subarray(0, 700)],
    ['a feed cut off between records', utf8(feedBytes(smallFeed())).subarray(0, feed.indexOf(utf8('"cc-2"')) - 20)],
    ['invalid JSON inside a record', utf8(feedBytes(smallFeed()).replace('"cc-2"', "'cc-2'"))],
    ['invalid UTF-8 in a name', Buffer.concat([feed.subarray(0, 600), Uint8Array.of(0xc3, 0x28), feed.subarray(602)])],
    ['a four-byte character', utf8(feedBytes(smallFeed()).replace('Ada Lovelace', 'Ada 🦄 Lovelace'))],
    ['an escaped quote and backslash', utf8(feedBytes(smallFeed()).replace('Ada Lovelace', 'Ada \\"\\\\ Lovelace'))],
    ['data after the feed', Buffer.concat([feed, utf8(' {}')])],
    ['an empty file', new Uint8Array()],
  ];
  it.each(cases)('%s: the same records and the same refusal, whatever the reads', (_what, bytes) => {
    const whole = scan(bytes);
    for (const chunk of [1, 2, 3, 7, 64, 4096]) expect(scan(bytes, chunk)).toEqual(whole);
  });

  it('reads a value larger than its window', () => {
    const notes = 'x'.repeat(WINDOW_BYTES + 1000);
    const bytes = utf8(feedBytes({ ...smallFeed(), notes }));
    const seen = scan(bytes, 1 << 20) as Seen;
    expect(seen.values).toContainEqual(['notes', notes]);
    expect(seen.elements).toHaveLength(10);
  });

  it('a split multi-byte character is not UTF-8 trouble; a broken one is, at any chunk size', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.integer({ min: 1, max: 9 }), (name, chunk) => {
        const bytes = utf8(feedBytes(smallFeed({ members: [{ ...smallFeed().members[0]!, name: name || 'x' }] })));
        expect(scan(bytes, chunk)).toEqual(scan(bytes));
      }),
    );
  });
});

describe('a member record that plainly fits the schema skips it', () => {
  const member = smallFeed().members[1]!;
  /** Mostly what a feed holds, sometimes what it must not: `good` four times in five. */
  const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) => fc.oneof({ arbitrary: good, weight: 4 }, { arbitrary: bad, weight: 1 });
  const credential = fc.record(
    {
      kind: mostly(fc.constantFrom('rfid', 'barcode'), fc.constantFrom('nfc', 1)),
      value: mostly(fc.constantFrom('0F00A1B2C3', 'B-1', ' x '), fc.oneof(fc.string({ maxLength: 2 }), fc.constant('x'.repeat(257)), fc.constant(7))),
    },
    { requiredKeys: ['kind', 'value'] },
  );
  const arbitraryMember = fc.record(
    {
      id: mostly(
        fc.constantFrom('m-1', 'a.b_c', 'x'.repeat(100)),
        fc.oneof(fc.constantFrom('', 'x'.repeat(101), 'bad id'), fc.string({ maxLength: 4 }), fc.integer()),
      ),
      space: mostly(fc.constantFrom('cedar', 'Z9'), fc.oneof(fc.constant(''), fc.string({ maxLength: 3 }))),
      name: mostly(
        fc.oneof(fc.constantFrom('Ada', 'x'.repeat(200)), fc.string({ minLength: 1, maxLength: 8 })),
        fc.oneof(fc.constantFrom('', 'x'.repeat(201)), fc.constant(null)),
      ),
      email: mostly(
        fc.constantFrom('ada@example.org', '', 'a.b@c.de', "o'neil@x.io"),
        fc.oneof(fc.constantFrom('ada@', '.a@b.co', 'a@b.c', 'a@@b.co'), fc.string({ maxLength: 5 }), fc.constant(null)),
      ),
      status: mostly(fc.constantFrom('active', 'suspended', 'expired'), fc.constantFrom('retired', 'Active', 1)),
      validUntil: mostly(
        fc.constantFrom('2099-12-31', '2028-02-29', null),
        fc.oneof(fc.constantFrom('2026-02-29', '2026-13-01', '', '2026-1-01'), fc.string({ maxLength: 10 })),
      ),
      credentials: mostly(
        fc.array(credential, { maxLength: 3 }),
        fc.oneof(fc.array(credential, { minLength: 21, maxLength: 22 }), fc.constant('none'), fc.constant([null])),
      ),
      extra: fc.anything(),
    },
    { requiredKeys: ['id', 'space', 'name', 'status'] },
  );

  it('agrees with core/feed.ts: what it accepts the schema accepts, and gives the same', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(arbitraryMember, fc.anything()), (raw) => {
        const plain = plainMember(raw);
        if (plain === null) return;
        accepted++;
        const parsed = FeedMember.safeParse(raw);
        expect(parsed.success).toBe(true);
        expect(plain).toEqual(parsed.data);
      }),
      { numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(20);
  });

  it('takes the common record itself', () => {
    expect(plainMember(member)).toEqual(FeedMember.parse(member));
    expect(plainMember({ id: 'm-1', space: 'cedar', name: 'Ada', status: 'active' })).toEqual({
      id: 'm-1',
      space: 'cedar',
      name: 'Ada',
      email: '',
      status: 'active',
      validUntil: undefined,
      credentials: [],
    });
  });
});

describe('installing a feed file, on one thread and on two', () => {
  const variants = [
    ['on this thread', {}],
    ['with the built list worker', { listWorker: LIST_WORKER }],
  ] as const;

  /** A feed where m-2 comes twice, a record breaks the schema, and a credential is shared. */
  function troubledFeed() {
    const feed = smallFeed({ sequence: 11 });
    const base = feed.members[1]!;
    const more = Array.from({ length: 5000 }, (_, i) => ({
      ...base,
      id: `m-${i}`,
      name: `Member ${i}`,
      credentials: [{ kind: 'barcode' as const, value: `B-${i}` }],
    }));
    more.push({ ...base, id: 'm-2', name: 'Second m-2', credentials: [{ kind: 'barcode', value: 'B-second' }] });
    more.push({ ...base, id: 'bad id', credentials: [] });
    more.push({ ...base, id: 'm-shares', credentials: [{ kind: 'barcode', value: 'B-7' }] });
    return { ...feed, members: [...feed.members, ...more] };
  }

  it.each(variants)('%s: an id listed twice keeps its first record, and every problem is named in the feed’s order', async (_how, workers) => {
    if ('listWorker' in workers && !fs.existsSync(LIST_WORKER)) throw new Error('the list worker is not built: run `npx vite build --app` first');
    const dir = tempDir();
    const file = path.join(dir, 'list.json');
    fs.writeFileSync(file, feedBytes(troubledFeed()));
    const service = Kiosk.open(path.join(dir, 'kiosk.db'), workers);
    const result = await service.visaList.importFile(file);
    expect(result).toMatchObject({ sequence: 11, members: 6 + 5000 + 1, skipped: 3 });
    expect(result.problems).toEqual([
      'members[5006] (m-2): the id is listed twice',
      'members[5007] (bad id).id: may hold only letters, digits, ".", "_" and "-"',
      'credential barcode:B-7 is claimed by members m-7, m-shares: given to neither',
    ]);
    service.settings.set({ key: 'space.id', value: 'harbour' });
    expect(service.desk.checkin({ credential: 'B-2' }, { dryRun: true })).toMatchObject({ member: { id: 'm-2', name: 'Member 2' } });
    expect(service.desk.checkin({ credential: 'B-second' }, { dryRun: true })).toMatchObject({ reason: 'unknown_credential' });
    expect(service.desk.checkin({ credential: 'B-7' }, { dryRun: true })).toMatchObject({ reason: 'unknown_credential' });
    await service.close();
  });

  it.each(variants)('%s: a refused feed file says why, and changes nothing', async (_how, workers) => {
    const dir = tempDir();
    const service = Kiosk.open(path.join(dir, 'kiosk.db'), workers);
    await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    const text = feedBytes(troubledFeed());
    const cases: [string | Uint8Array, RegExp][] = [
      [Buffer.from(text).subarray(0, 300_000), /^the feed was refused: it is cut off \(truncated\) at byte 300000$/],
      [text.replace('"Member 4000"', '"Member 4000" x'), /^the feed was refused: it is not valid JSON \(.* at byte \d+\)$/],
      [text.replace('"sequence": 11', '"sequence": 9'), /sequence 9 is older than the installed list's 10/],
      [text.replace('"coworking-visa/1"', '"coworking-visa/2"'), /format is "coworking-visa\/2"/],
    ];
    for (const [content, message] of cases) {
      const file = path.join(dir, 'list.json');
      fs.writeFileSync(file, content);
      await expect(service.visaList.importFile(file)).rejects.toThrow(message);
      expect(service.visaList.status()).toMatchObject({ sequence: 10, members: 6 });
    }
    expect(fs.readdirSync(dir).filter((f) => f.includes('-list-'))).toHaveLength(1);
    await service.close();
  });
});

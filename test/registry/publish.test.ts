import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open.js';
import { Publisher, type PublisherOptions } from '../../registry/publish/publisher.js';
import { sha256Hex } from '../../registry/publish/sign.js';
import { addMember, removeMember, replaceRoster } from '../../registry/store/members.js';
import { setTerms } from '../../registry/store/terms.js';
import { holdExclusive } from '../reliability/faults.js';
import { useTempDir } from '../fixtures/temp.js';
import { applyDelta, checkPublication, makeRegistry, pub, setSpaceState } from './registry-fixture.js';

const tempDir = useTempDir();
const running: Publisher[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.close();
});

function start(o: PublisherOptions): Publisher {
  const publisher = Publisher.start(o);
  running.push(publisher);
  return publisher;
}

const row = (id: string, over: Record<string, unknown> = {}) => ({ id, name: `Member ${id}`, email: '', status: 'active', credentials: [], ...over });
const alpha = { space: 'alpha', actor: 'kiosk:k1' } as const;
const beta = { space: 'beta', actor: 'kiosk:k2' } as const;
const pubFiles = (dir: string) => fs.readdirSync(`${dir}/pub`).sort();
const rows = (db: Db) =>
  db.prepare('SELECT sequence, generated_at, changes FROM publications ORDER BY sequence').all() as {
    sequence: number;
    generated_at: string;
    changes: number;
  }[];

describe('publications', () => {
  it('each sequence is signed, its files match the manifest, and its delta turns the previous feed into it', async () => {
    const dir = tempDir();
    const { db, key, publicKey } = makeRegistry(dir);
    const publisher = start({ db, dir, key, keyVersion: 1, intervalMs: 0, settleMs: 0 });
    replaceRoster(db, { ...alpha, members: [row('a1'), row('a2', { credentials: [{ kind: 'rfid', value: '0F00A1B2C3' }] })] });
    const first = await publisher.published(replaceRoster(db, { ...beta, members: [row('b1', { validUntil: '2027-01-31' })] }).changeId);
    expect(first).toBe(1);
    const one = await checkPublication(dir, publicKey, 1);
    expect(one.manifest.delta).toBeNull();
    expect(one.feed.members.map((m) => `${m.id}@${m.space}`)).toEqual(['a1@alpha', 'a2@alpha', 'b1@beta']);
    expect(one.timestamp).toMatchObject({ sequence: 1, manifestSha256: sha256Hex(fs.readFileSync(pub(dir, 'manifest-1.json'))), keyVersion: 1 });

    setTerms(db, { ...beta, terms: { visa: { noticeHours: 24 } } });
    removeMember(db, { ...alpha, id: 'a1' });
    expect(await publisher.published(addMember(db, { ...alpha, member: row('a3') }).changeId)).toBe(2);
    const two = await checkPublication(dir, publicKey, 2);
    expect(two.delta).toMatchObject({ from: 1, sequence: 2, members: { remove: ['a1'] }, spaces: { remove: [] } });
    expect(two.delta!.members.upsert.map((m) => m.id)).toEqual(['a3']);
    expect(two.delta!.spaces.upsert.map((s) => [s.id, s.visa.noticeHours])).toEqual([['beta', 24]]);
    expect(applyDelta(one.feed, two.delta!)).toEqual(two.feed);
    expect(two.timestamp.sequence).toBe(2);
    expect(db.prepare('SELECT count(*) FROM changes WHERE published_in IS NULL').pluck().get()).toBe(0);
  });

  it("a suspended space's members stay published, with no new sequence for it; a removed space leaves with its members", async () => {
    const dir = tempDir();
    const { db, key, publicKey } = makeRegistry(dir);
    const publisher = start({ db, dir, key, keyVersion: 1, intervalMs: 0, settleMs: 0 });
    replaceRoster(db, { ...alpha, members: [row('a1')] });
    expect(await publisher.published(replaceRoster(db, { ...beta, members: [row('b1'), row('b2')] }).changeId)).toBe(1);
    // Kiosks receive the same list whether beta is suspended or not: nothing to send them.
    expect(await publisher.published(setSpaceState(db, 'beta', 'suspended'))).toBe(1);
    const suspended = await checkPublication(dir, publicKey, 1);
    expect(suspended.feed.members.map((m) => m.id)).toEqual(['a1', 'b1', 'b2']);
    expect(await publisher.published(setSpaceState(db, 'beta', 'removed'))).toBe(2);
    expect(rows(db).map((r) => r.sequence)).toEqual([1, 2]);
    const removed = await checkPublication(dir, publicKey, 2);
    expect(removed.feed.spaces.map((s) => s.id)).toEqual(['alpha']);
    expect(removed.feed.members.map((m) => m.id)).toEqual(['a1']);
    expect(removed.delta).toMatchObject({ spaces: { upsert: [], remove: ['beta'] }, members: { upsert: [], remove: ['b1', 'b2'] } });
    expect(applyDelta(suspended.feed, removed.delta!)).toEqual(removed.feed);
  });

  it('the full feed holds each published member once, in id order, however the rows were written', async () => {
    const dir = tempDir();
    const { db, key, publicKey } = makeRegistry(dir);
    const publisher = start({ db, dir, key, keyVersion: 1, intervalMs: 0, settleMs: 0 });
    // Written in an order unlike the ids', alpha's and beta's ids interleaved, over several of the writer's pages.
    const ids = Array.from({ length: 1300 }, (_, i) => `m${String((i * 7919) % 1300).padStart(4, '0')}`);
    const ofAlpha = ids.filter((id) => Number(id.slice(1)) % 2 === 0);
    replaceRoster(db, { ...alpha, members: ofAlpha.map((id) => row(id)) });
    await publisher.published(replaceRoster(db, { ...beta, members: ids.filter((id) => !ofAlpha.includes(id)).map((id) => row(id)) }).changeId);
    expect((await checkPublication(dir, publicKey, 1)).feed.members.map((m) => m.id)).toEqual([...ids].sort());
    expect(await publisher.published(setSpaceState(db, 'beta', 'removed'))).toBe(2);
    expect((await checkPublication(dir, publicKey, 2)).feed.members.map((m) => m.id)).toEqual([...ofAlpha].sort());
  });

  it('an alliance with no space publishes nothing', async () => {
    const dir = tempDir();
    const { db, key } = makeRegistry(dir, []);
    const publisher = start({ db, dir, key, keyVersion: 1, intervalMs: 0, settleMs: 0 });
    const change = db.prepare("INSERT INTO changes (at, actor, kind, summary) VALUES ('2026-12-05T08:00:00Z', 'coordinator', 'key_rotated', 'x')").run();
    expect(await publisher.published(Number(change.lastInsertRowid))).toBeNull();
    expect(pubFiles(dir)).toEqual([]);
    expect(rows(db)).toEqual([]);
  });
});

describe('coalescing', () => {
  it('a burst of ten changes is one sequence, and every writer hears it; the next starts two seconds after', async () => {
    const dir = tempDir();
    const { db, key, publicKey } = makeRegistry(dir);
    const publisher = start({ db, dir, key, keyVersion: 1 });
    const waits = Array.from({ length: 10 }, (_, i) => publisher.published(addMember(db, { ...(i % 2 ? alpha : beta), member: row(`m${i}`) }).changeId));
    expect(await Promise.all(waits)).toEqual(Array(10).fill(1));
    expect(rows(db)).toMatchObject([{ sequence: 1, changes: 12 }]);
    expect((await checkPublication(dir, publicKey, 1)).feed.members).toHaveLength(10);

    expect(await publisher.published(addMember(db, { ...alpha, member: row('late') }).changeId)).toBe(2);
    const [a, b] = rows(db).map((r) => Date.parse(r.generated_at));
    expect(b! - a!).toBeGreaterThanOrEqual(1900);
  });
});

describe('retention and freshness', () => {
  it('keeps the latest full feed and the deltas and manifests of the last 30 days', async () => {
    const dir = tempDir();
    const { db, key, publicKey } = makeRegistry(dir);
    let now = Date.parse('2026-10-01T09:00:00Z');
    const publisher = start({ db, dir, key, keyVersion: 1, intervalMs: 0, settleMs: 0, now: () => new Date(now) });
    for (const [i, day] of [0, 10, 35, 36].entries()) {
      now = Date.parse('2026-10-01T09:00:00Z') + day * 86_400_000;
      await publisher.published(addMember(db, { ...alpha, member: row(`a${i}`) }).changeId);
    }
    expect(pubFiles(dir)).toEqual([
      'delta-2.json',
      'delta-3.json',
      'delta-4.json',
      'feed-4.json',
      'feed-4.json.gz',
      'manifest-2.json',
      'manifest-3.json',
      'manifest-4.json',
      'timestamp.json',
    ]);
    expect((await checkPublication(dir, publicKey, 4)).feed.members.map((m) => m.id)).toEqual(['a0', 'a1', 'a2', 'a3']);
  });

  it('re-signs the timestamp on schedule with a new expiry, without a new sequence', async () => {
    const dir = tempDir();
    const { db, key, publicKey } = makeRegistry(dir);
    let now = Date.parse('2026-12-05T08:00:00Z');
    const publisher = start({ db, dir, key, keyVersion: 1, intervalMs: 0, settleMs: 0, timestampEveryMs: 100, now: () => new Date(now) });
    await publisher.published(addMember(db, { ...alpha, member: row('a1') }).changeId);
    expect((await checkPublication(dir, publicKey, 1)).timestamp.expires).toBe('2026-12-05T14:00:00.000Z');
    now += 3600_000;
    const files = pubFiles(dir);
    await expect.poll(async () => (await checkPublication(dir, publicKey, 1)).timestamp.expires, { timeout: 3000 }).toBe('2026-12-05T15:00:00.000Z');
    expect((await checkPublication(dir, publicKey, 1)).timestamp.sequence).toBe(1);
    expect(pubFiles(dir)).toEqual(files);
    expect(rows(db)).toHaveLength(1);
  });
});

describe('a publication cut short', () => {
  it('a commit refused by a lock another program holds leaves the previous publication whole, then publishes once the lock goes', async () => {
    const dir = tempDir();
    const { db, key, publicKey } = makeRegistry(dir);
    db.pragma('busy_timeout = 200');
    const errors: unknown[] = [];
    const publisher = start({ db, dir, key, keyVersion: 1, intervalMs: 0, settleMs: 0, retryMs: 300, onError: (e) => errors.push(e) });
    await publisher.published(addMember(db, { ...alpha, member: row('a1') }).changeId);
    const before = { files: pubFiles(dir), timestamp: fs.readFileSync(pub(dir, 'timestamp.json'), 'utf8') };
    const change = addMember(db, { ...beta, member: row('b1') }).changeId;

    const lock = await holdExclusive(`${dir}/registry.db`);
    try {
      await expect(publisher.published(change)).rejects.toThrow(
        /^the change is saved but was not published yet \(publication 2 was not saved: the database is locked/,
      );
      expect(pubFiles(dir)).toEqual(before.files);
      expect(fs.readFileSync(pub(dir, 'timestamp.json'), 'utf8')).toBe(before.timestamp);
    } finally {
      await lock.release();
    }
    expect(rows(db).map((r) => r.sequence)).toEqual([1]);
    expect(await publisher.published(change)).toBe(2);
    expect((await checkPublication(dir, publicKey, 2)).feed.members.map((m) => m.id)).toEqual(['a1', 'b1']);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('at start, files a killed publication left are removed and its changes are published next', async () => {
    const dir = tempDir();
    const { db, key, publicKey } = makeRegistry(dir);
    const first = start({ db, dir, key, keyVersion: 1, intervalMs: 0, settleMs: 0 });
    await first.published(addMember(db, { ...alpha, member: row('a1') }).changeId);
    const one = await checkPublication(dir, publicKey, 1);
    await first.close();
    const change = addMember(db, { ...alpha, member: row('a2') }).changeId;
    // What a publication killed between its renames and its commit leaves: sequence 2's files, and temporary ones.
    for (const name of ['feed-2.json', 'feed-2.json.gz', 'manifest-2.json', 'delta-2.json', '.tmp-feed-2.json', '.tmp-timestamp.json'])
      fs.writeFileSync(pub(dir, name), 'half');
    const again = start({ db, dir, key, keyVersion: 1, intervalMs: 0, settleMs: 0 });
    expect(pubFiles(dir)).toEqual(['feed-1.json', 'feed-1.json.gz', 'manifest-1.json', 'timestamp.json']);
    expect(await again.published(change)).toBe(2);
    const two = await checkPublication(dir, publicKey, 2);
    expect(applyDelta(one.feed, two.delta!)).toEqual(two.feed);
  });
});

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Publisher } from '../../registry/publish/publisher.js';
import { useTempDir } from '../fixtures/temp.js';
import { checkPublication, makeRegistry, pub } from './registry-fixture.js';

const tempDir = useTempDir();
const MEMBERS = 250_000;
const MB = 1024 * 1024;
/** Growth allowed while publishing: well under half the feed, which holding it whole (as one string, or all rows) would exceed. */
const GROWTH_LIMIT_MB = 45;

describe('a large feed', () => {
  it('is streamed to disk with memory that does not grow with the number of members', async () => {
    const dir = tempDir();
    const { db, key, publicKey } = makeRegistry(dir, ['alpha', 'beta', 'gamma']);
    const insert = db.prepare(
      "INSERT INTO members (id, space_id, name, email, status, valid_until, credentials, updated_at) VALUES (?, ?, ?, ?, 'active', '2027-01-31', ?, '2026-12-05T08:00:00Z')",
    );
    const change = db.prepare(
      "INSERT INTO changes (at, actor, space_id, kind, target_kind, target) VALUES ('2026-12-05T08:00:00Z', 'kiosk:k', ?, 'member_added', 'member', ?)",
    );
    db.transaction(() => {
      for (let i = 0; i < MEMBERS; i++) {
        const id = `member-${String(i).padStart(7, '0')}`;
        const space = ['alpha', 'beta', 'gamma'][i % 3]!;
        const credentials = JSON.stringify([
          { kind: 'rfid', value: (0x0f000000 + i).toString(16).toUpperCase().padStart(10, '0') },
          { kind: 'rfid', form: 'decimal', value: String(1_000_000_000 + i) },
          { kind: 'barcode', value: `BADGE-${i}-${space.toUpperCase()}` },
          { kind: 'barcode', value: `LEGACY-CARD-NUMBER-${i}` },
        ]);
        insert.run(id, space, `Member Number ${i} of the Alliance`, `member.number.${i}@coworking-example.org`, credentials);
        change.run(space, id);
      }
    })();
    const publisher = Publisher.start({ db, dir, key, keyVersion: 1, intervalMs: 0, settleMs: 0 });
    try {
      const before = process.memoryUsage.rss();
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
      const sequence = await publisher.published(db.prepare('SELECT max(id) FROM changes').pluck().get() as number);
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage.rss());

      expect(sequence).toBe(1);
      const feedMB = fs.statSync(pub(dir, 'feed-1.json')).size / MB;
      expect(feedMB).toBeGreaterThan(2 * GROWTH_LIMIT_MB);
      expect((peak - before) / MB).toBeLessThan(GROWTH_LIMIT_MB);
    } finally {
      await publisher.close();
    }
    const { manifest } = await checkPublication(dir, publicKey, 1);
    expect(manifest.feed.bytes).toBe(fs.statSync(pub(dir, 'feed-1.json')).size);
  }, 120_000);
});

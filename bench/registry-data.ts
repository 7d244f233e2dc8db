import fs from 'node:fs';
import path from 'node:path';
import type { Feed } from '../core/feed.js';
import { loadKeys } from '../registry/keys/keys-document.js';
import { makeKeys } from '../registry/keys/lifecycle.js';
import { Publisher } from '../registry/publish/publisher.js';
import { recordChange } from '../registry/store/changes.js';
import { hashPassword, writeMeta } from '../registry/store/meta.js';
import { openRegistryDb } from '../registry/store/open.js';
import { memberName, memberUid } from './data.js';

/** The space whose roster the bench replaces; the rest of the alliance is spread over the demo spaces. */
export const ROSTER_SPACE = 'bench-roster';
export const ROSTER_SIZE = 10_000;
export const ONLINE_KEY = 'online.pem';
export const ALLIANCE = 'Bench Alliance';

const credentials = (i: number) =>
  JSON.stringify([
    { kind: 'rfid', value: memberUid(i) },
    { kind: 'barcode', value: `B-${i}` },
  ]);

/**
 * A registry in `dir` holding `members` members (the bench's alliance, the first ROSTER_SIZE of
 * them in ROSTER_SPACE), published once, with its keys as `registry init` makes them (so
 * `registry serve` runs on it) and a copy of its online key in `dir`. Rows are inserted as the
 * registry stores them: the figures are what follows, not the load.
 */
export async function makeRegistryAlliance(dir: string, members: number, spaces: Feed['spaces']): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const db = openRegistryDb(dir, { create: true });
  makeKeys(dir, ALLIANCE);
  const privateKey = (await loadKeys(dir)).online;
  fs.writeFileSync(path.join(dir, ONLINE_KEY), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const at = '2026-12-01T09:00:00Z';
  try {
    writeMeta(db, { name: ALLIANCE, publicUrl: 'http://127.0.0.1', createdAt: at, passwordHash: hashPassword('bench coordinator password') });
    db.transaction(() => {
      const space = db.prepare(
        'INSERT INTO spaces (id, name, city, country, timezone, free_days_per_month, notice_hours, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const all = [...spaces, { ...spaces[0]!, id: ROSTER_SPACE, name: 'Bench Roster' }];
      for (const s of all) {
        space.run(s.id, s.name, s.city, s.country, s.timezone, s.visa.freeDaysPerMonth, s.visa.noticeHours, s.visa.notes, at, at);
        recordChange(db, { actor: 'coordinator', space: s.id, kind: 'space_added', target: { kind: 'space', id: s.id }, summary: 'bench' });
      }
      const member = db.prepare(
        "INSERT INTO members (id, space_id, name, email, status, valid_until, credentials, updated_at) VALUES (?, ?, ?, ?, 'active', '2099-12-31', ?, ?)",
      );
      for (let i = 0; i < members; i++) {
        const home = i < ROSTER_SIZE ? ROSTER_SPACE : spaces[i % spaces.length]!.id;
        member.run(`m-${i}`, home, memberName(i), `m${i}@example.org`, credentials(i), at);
      }
    })();
    const publisher = Publisher.start({ db, dir, key: privateKey, keyVersion: 1, settleMs: 0 });
    try {
      await publisher.published(db.prepare('SELECT max(id) FROM changes').pluck().get() as number);
    } finally {
      await publisher.close();
    }
    // As a registry that has been running: the load's write-ahead log copied into the database.
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/**
 * The roster a space sends: its ROSTER_SIZE members, a tenth with a new email, 500 left out and
 * 500 new ones, as `alliance publish` sends it.
 */
export function writeRoster(file: string, members: number): void {
  const rows = [];
  for (let i = 500; i < ROSTER_SIZE + 500; i++) {
    const n = i < ROSTER_SIZE ? i : members + i;
    rows.push({
      id: `m-${n}`,
      name: memberName(n),
      email: i % 10 === 0 ? `m${n}@new.example.org` : `m${n}@example.org`,
      status: 'active',
      validUntil: '2099-12-31',
      credentials: JSON.parse(credentials(n)) as unknown,
    });
  }
  fs.writeFileSync(file, JSON.stringify({ members: rows }));
}

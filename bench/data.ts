import Database from 'better-sqlite3';
import fs from 'node:fs';
import type { Feed } from '../core/feed.js';

/**
 * The bench's alliance: the demo spaces and `members` generated members, each with an RFID
 * badge (10 hex digits from 1000000000) and a barcode (`B-<n>`). The test suite's scale tests
 * use the same feed, so the figures describe what the tests exercise.
 */
export function memberUid(index: number): string {
  return (0x10_0000_0000 + index).toString(16).toUpperCase().padStart(10, '0');
}

export const memberName = (index: number) => `Member ${index}`;

/** Writes the feed in pieces: a million members never sit in memory. */
export function writeFeed(file: string, members: number, spaces: Feed['spaces'], sequence = 100): number {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, `{"format":"coworking-visa/1","sequence":${sequence},"generatedAt":"2026-11-21T09:00:00Z","spaces":${JSON.stringify(spaces)},"members":[`);
    let batch: string[] = [];
    for (let i = 0; i < members; i++) {
      const space = spaces[i % spaces.length]!.id;
      batch.push(
        `${i ? ',' : ''}{"id":"m-${i}","space":"${space}","name":"${memberName(i)}","email":"m${i}@example.org","status":"active","validUntil":"2099-12-31","credentials":[{"kind":"rfid","value":"${memberUid(i)}"},{"kind":"barcode","value":"B-${i}"}]}`,
      );
      if (batch.length === 10_000) {
        fs.writeSync(fd, batch.join(''));
        batch = [];
      }
    }
    fs.writeSync(fd, `${batch.join('')}]}`);
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}

/** A small deterministic generator (mulberry32): the same run makes the same data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Logs `count` past visits over the year before `today` (the host's local date), oldest first,
 * in one transaction on a connection of its own: members of the host, visa visitors, some
 * denied, some day passes. Returns the range of local dates covered. The visit log's indexes
 * are filled row by row, as a year of taps fills them: dropped for the load and made again
 * after it, their pages came out full, and each of the figures' first few thousand taps split one.
 */
export function insertPastVisits(
  database: string,
  count: number,
  options: { members: number; spaces: Feed['spaces']; hostId: string; today: string },
): { from: string; to: string } {
  const db = new Database(database);
  const next = random(7);
  const days = 365;
  const DAY_MS = 86_400_000;
  const first = Date.parse(`${options.today}T00:00:00Z`) - days * DAY_MS;
  const dates = Array.from({ length: days }, (_, d) => new Date(first + d * DAY_MS).toISOString().slice(0, 10));
  const host = options.spaces.find((s) => s.id === options.hostId)!;
  const insert = db.prepare(
    `INSERT INTO visits (at, local_date, kind, decision, reason, member_id, member_name, home_space_id, home_space_name, credential_kind, credential_value, price, currency)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  try {
    db.pragma('cache_size = -262144');
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const d = Math.floor((i * days) / count);
        const at = new Date(first + d * DAY_MS + (8 * 3600 + Math.floor(next() * 10 * 3600)) * 1000).toISOString();
        const m = Math.floor(next() * options.members);
        const home = options.spaces[m % options.spaces.length]!;
        const roll = next();
        const own = home.id === host.id;
        const [kind, decision, reason, price, currency] =
          roll < 0.03 && host.dayPass
            ? ['day_pass', 'admitted', 'day_pass', host.dayPass.price, host.dayPass.currency]
            : roll < 0.1
              ? [own ? 'member' : 'visa', 'denied', own ? 'member_inactive' : 'visa_days_used_up', null, null]
              : [own ? 'member' : 'visa', 'admitted', own ? 'member' : 'visa', null, null];
        insert.run(at, dates[d], kind, decision, reason, `m-${m}`, memberName(m), home.id, home.name, 'rfid', memberUid(m), price, currency);
      }
    })();
  } finally {
    db.close();
  }
  return { from: dates[0]!, to: options.today };
}

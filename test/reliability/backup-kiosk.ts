/** Set-up shared by the backup and restore tests: a kiosk database, visits written into it, and ways to read copies back. */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { visits } from '../../db/visits';
import { Kiosk } from '../../service/kiosk';
import { visaKiosk } from '../fixtures/cli';
import { feedBytes, smallFeed } from '../fixtures/feeds';

export const BACKUP_NAME = /^kiosk-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ(-\d+)?\.db$/;

/** A kiosk database with the small list installed, at Harbour Works. */
export async function setUp(dir: string) {
  const db = path.join(dir, 'kiosk.db');
  const feed = path.join(dir, 'list.json');
  fs.writeFileSync(feed, feedBytes(smallFeed()));
  const kiosk = (...args: string[]) => visaKiosk(['--db', db, ...args]);
  expect((await kiosk('visa', 'import', feed)).code).toBe(0);
  expect((await kiosk('config', 'set', 'space.id', 'harbour')).code).toBe(0);
  return { dir, db, kiosk };
}

/** Many visits in one transaction, so the database is big enough that a backup takes several steps. */
export function seedVisits(service: Kiosk, count: number): void {
  const log = visits(service.db);
  service.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      log.log({
        at: '2026-11-20T10:00:00.000Z',
        localDate: '2026-11-20',
        kind: null,
        decision: 'denied',
        reason: 'unknown_credential',
        credentialKind: 'barcode',
        credentialValue: `SEED-${i}-${'x'.repeat(60)}`,
      });
    }
  })();
}

/** Check-ins from this process every few milliseconds until stopped: the kiosk at work. */
export function keepCheckingIn(service: Kiosk): { stop: () => Promise<number> } {
  let n = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      service.desk.checkin({ credential: `WALK-IN-${n++}` });
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return n;
    },
  };
}

export function readVisits(file: string): { ids: number[]; integrity: string; appId: number; journal: string } {
  const conn = new Database(file, { readonly: true });
  try {
    return {
      ids: (conn.prepare('SELECT id FROM visits ORDER BY id').all() as { id: number }[]).map((r) => r.id),
      integrity: conn.pragma('integrity_check', { simple: true }) as string,
      appId: conn.pragma('application_id', { simple: true }) as number,
      journal: conn.pragma('journal_mode', { simple: true }) as string,
    };
  } finally {
    conn.close();
  }
}

export const visitCount = (file: string) => readVisits(file).ids.length;
export const mode = (file: string) => fs.statSync(file).mode & 0o777;
export const contiguous = (ids: number[]) => ids.every((id, i) => id === i + 1);

export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((name) => fs.statSync(path.join(dir, name)).isFile())
      .map((name) => [name, fs.readFileSync(path.join(dir, name)).toString('base64')]),
  );
}

/** Overwrites the header of the visits table's root page: SQLite's integrity check reports the page. */
export function corruptVisits(file: string): void {
  const conn = new Database(file, { readonly: true });
  const { rootpage } = conn.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'visits'").get() as { rootpage: number };
  const pageSize = conn.pragma('page_size', { simple: true }) as number;
  conn.close();
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(16, 0xff), 0, 16, (rootpage - 1) * pageSize);
  fs.closeSync(fd);
}

import fs from 'node:fs';
import { listKeys, type ListCredential } from '../core/credential-match.js';
import type { Feed } from '../core/feed.js';
import { createListFile, CREDENTIAL_COLUMNS, CREDENTIALS_KEY_INDEX, LIST_INDEXES, sealListFile } from '../db/list-file.js';
import { spaceValues } from '../service/visa-list/list-rows.js';
import { runMeasured, type ChildRun } from './child.js';
import { memberName, memberUid } from './data.js';

/** `visa-kiosk visa import FEED` as its own process: wall time and peak memory of the whole process. */
export async function importWithCli(cli: string, database: string, feed: string): Promise<ChildRun> {
  const run = await runMeasured(process.execPath, [cli, '--db', database, 'visa', 'import', feed, '--json']);
  if (run.code !== 0) throw new Error(`visa-kiosk visa import failed (${run.code}): ${run.stderr.trim()}`);
  return run;
}

/**
 * The raw limit of an import on this machine: the same rows, made in memory (nothing to parse
 * or check), with one prepared INSERT each into a fresh list file of the same schema, in one
 * transaction, then the same indexes and the same fsync. Returns seconds.
 */
export function rawListInsert(file: string, members: number, spaces: Feed['spaces']): number {
  fs.rmSync(file, { force: true });
  const started = performance.now();
  const db = createListFile(file);
  try {
    const space = db.prepare(
      'INSERT INTO spaces (id, name, city, country, timezone, accepts_visitors, free_days_per_month, notice_hours, notes, day_pass_price, day_pass_currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const member = db.prepare('INSERT INTO members (id, space_id, name, email, status, valid_until, position) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const credentialRow = db.prepare(`INSERT INTO credentials (${CREDENTIAL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    const credential = (c: ListCredential, id: string) => {
      const keys = listKeys(c);
      credentialRow.run(c.kind, c.value, id, c.bits, keys.low32, keys.low24, keys.folded);
    };
    db.exec('BEGIN');
    for (const s of spaces) space.run(...spaceValues(s));
    for (let i = 0; i < members; i++) {
      const id = `m-${i}`;
      const uid = memberUid(i);
      member.run(id, spaces[i % spaces.length]!.id, memberName(i), `m${i}@example.org`, 'active', '2099-12-31', i);
      credential({ kind: 'rfid', value: uid, bits: null }, id);
      credential({ kind: 'barcode', value: `B-${i}`, bits: null }, id);
    }
    db.prepare('INSERT INTO list_info (id, sequence, generated_at, spaces, members, credentials) VALUES (1, 100, ?, ?, ?, ?)').run(
      '2026-11-21T09:00:00Z',
      spaces.length,
      members,
      members * 2,
    );
    db.exec(CREDENTIALS_KEY_INDEX);
    db.exec(LIST_INDEXES);
    db.exec('COMMIT');
    sealListFile(db);
  } catch (error) {
    db.close();
    throw error;
  } finally {
    fs.rmSync(file, { force: true });
  }
  return (performance.now() - started) / 1000;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listKeys, parseListCredential } from '../../core/credential-match';
import { normaliseRfid } from '../../core/credentials';
import { createListFile, CREDENTIAL_COLUMNS, CREDENTIALS_KEY_INDEX, LIST_INDEXES, mayHoldPartialCredentials, MEMBERS_KEY_INDEX } from '../../db/list-file';
import type { Db } from '../../db/open';
import { visaList } from '../../db/visa-list';

/**
 * A whole UID is looked up by itself when the list holds no entry that knows only a card's low
 * bits (decimal, Wiegand); the list file's index of such entries says whether it does. A file
 * built before that index existed is searched as if it held some.
 */
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'partial-entries-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));
let lists = 0;

function listOf(members: Record<string, [raw: string, form?: 'hex' | 'decimal' | 'wiegand26'][]>, { olderFile = false } = {}): Db {
  const db = createListFile(path.join(folder, `list-${lists++}.db`));
  db.prepare(
    "INSERT INTO spaces (id, name, city, country, timezone, accepts_visitors, free_days_per_month, notice_hours) VALUES ('s', 'S', 'Lisbon', 'PT', 'Europe/Lisbon', 1, 3, 0)",
  ).run();
  const member = db.prepare("INSERT INTO members (id, space_id, name, status, position) VALUES (?, 's', ?, 'active', 0)");
  const credential = db.prepare(`INSERT INTO credentials (${CREDENTIAL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  for (const [id, cards] of Object.entries(members)) {
    member.run(id, id);
    for (const [raw, form] of cards) {
      const parsed = parseListCredential('rfid', raw, form);
      if (!parsed.ok) throw new Error(parsed.error);
      const keys = listKeys(parsed.credential);
      credential.run('rfid', parsed.credential.value, id, parsed.credential.bits, keys.low32, keys.low24, keys.folded);
    }
  }
  db.exec(MEMBERS_KEY_INDEX);
  db.exec(CREDENTIALS_KEY_INDEX);
  db.exec(LIST_INDEXES);
  if (olderFile) db.exec('DROP INDEX credentials_partial');
  return db;
}

const named = (db: Db, uid: string, form?: 'wiegand26') => {
  const read = normaliseRfid(uid, form);
  if (!read.ok) throw new Error(read.error);
  const found = visaList(db).matchRead(read.credential);
  return found.type === 'one' ? found.member.id : found.type;
};

describe('whole UIDs and list entries that know only low bits', () => {
  it('tells from the index whether a list holds any', () => {
    const whole = listOf({ ada: [['0801161DD6']] });
    const partial = listOf({ ada: [['0801161DD6']], grace: [['22/7639', 'wiegand26']] });
    expect(mayHoldPartialCredentials(whole)).toBe(false);
    expect(mayHoldPartialCredentials(partial)).toBe(true);
    expect(mayHoldPartialCredentials(listOf({ ada: [['0801161DD6']] }, { olderFile: true }))).toBe(true);
    for (const db of [whole, partial]) db.close();
  });

  it('finds the member of a whole UID in a list of whole UIDs, and still finds them from a short read', () => {
    const db = listOf({ ada: [['0801161DD6']], grace: [['0A02161DD7']] });
    expect(named(db, '0801161DD6')).toBe('ada');
    expect(named(db, '0A02161DD7')).toBe('grace');
    expect(named(db, '0B0B0B0B0B')).toBe('none');
    expect(named(db, '161DD6', 'wiegand26')).toBe('ada');
    db.close();
  });

  it('names nobody when a whole UID is also another member’s 26-bit entry, in a new list file and in an older one', () => {
    for (const olderFile of [false, true]) {
      const db = listOf({ ada: [['0801161DD6']], grace: [['22/7638', 'wiegand26']] }, { olderFile });
      expect(named(db, '0801161DD6')).toBe('ambiguous');
      expect(named(db, '0901161DD6')).toBe('grace');
      db.close();
    }
  });

  it('finds a decimal entry from the whole UID in an older list file', () => {
    const db = listOf({ ada: [['0004340757', 'decimal']] }, { olderFile: true });
    expect(named(db, '4B00423C15')).toBe('ada');
    db.close();
  });
});

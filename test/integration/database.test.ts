import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReaderConfigs } from '../../core/readers';
import { MIGRATIONS } from '../../db/migrations';
import { APPLICATION_ID, migrate, openDatabase } from '../../db/open';
import { BUSY_BUDGET_MS } from '../../db/busy-retry';
import { Kiosk } from '../../service/kiosk';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();

describe('the kiosk database file', () => {
  it('is created with every table, at the newest schema version, readable by its owner only', () => {
    const file = path.join(tempDir(), 'new', 'kiosk.db');
    const db = openDatabase(file);
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual([
      'alliance',
      'audit',
      'check_outs',
      'expected_visits',
      'guests',
      'member_tombstones',
      'outbox',
      'retired_online_keys',
      'settings',
      'staff',
      'staff_badges',
      'sync_state',
      'visits',
    ]);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    db.close();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('has WAL, full sync, foreign keys and a busy timeout in force on every connection it opens', () => {
    const file = path.join(tempDir(), 'kiosk.db');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_BUDGET_MS);
    db.close();
    // WAL is a property of the file: a plain connection sees it too.
    const plain = new Database(file, { readonly: true });
    expect(plain.pragma('journal_mode', { simple: true })).toBe('wal');
    plain.close();
  });

  it('migrating again, on open or by hand, changes nothing', () => {
    const file = path.join(tempDir(), 'kiosk.db');
    const first = openDatabase(file);
    first.prepare("INSERT INTO settings (key, value) VALUES ('space.id', '\"harbour\"')").run();
    const schema = first.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all();
    migrate(first);
    first.close();
    const second = openDatabase(file);
    expect(second.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all()).toEqual(schema);
    expect(second.prepare('SELECT value FROM settings').get()).toEqual({ value: '"harbour"' });
    second.close();
  });

  it('drops the "hex" form earlier versions stored on readers that ignore it, so the manager can save the list again', () => {
    // A database as the version before the readers fix left it: every later table and column comes from the migrations still to run.
    const db = new Database(path.join(tempDir(), 'kiosk.db'));
    const readersFix = MIGRATIONS.findIndex((m) => m.includes("json_remove(r.value, '$.form')"));
    for (const migration of MIGRATIONS.slice(0, readersFix)) db.exec(migration);
    db.pragma(`user_version = ${readersFix}`);
    const stored = [
      { id: 'desk', type: 'serial', path: '/dev/ttyUSB0', protocol: 'em4100', baudRate: 9600, form: 'hex' },
      { id: 'door', type: 'serial', path: '/dev/ttyUSB1', protocol: 'line', baudRate: 9600, form: 'decimal' },
      { id: 'scan', type: 'hid', match: { vendorId: '0c2e', productId: '0b61' }, protocol: 'hidpos', form: 'hex' },
      { id: 'wedge', type: 'hid', match: { vendorId: '0c2e', productId: '0b61' }, protocol: 'keyboard', form: 'decimal-reversed' },
    ];
    db.prepare("INSERT INTO settings (key, value) VALUES ('readers', ?)").run(JSON.stringify(stored));
    migrate(db);
    const readers = JSON.parse(db.prepare("SELECT value FROM settings WHERE key = 'readers'").pluck().get() as string) as unknown;
    db.close();
    const { form: _desk, ...desk } = stored[0]!;
    const { form: _scan, ...scan } = stored[2]!;
    expect(readers).toEqual([desk, stored[1], scan, stored[3]]);
    expect(ReaderConfigs.safeParse(readers).success).toBe(true);
  });

  it('refuses a file that is not a database, and leaves it alone', () => {
    const file = path.join(tempDir(), 'notes.db');
    fs.writeFileSync(file, 'shopping list: milk, eggs, and a much longer line so SQLite reads a full header page'.repeat(20));
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(`${file} is not a Visa Kiosk database (it is not an SQLite file)`);
    expect(fs.readFileSync(file)).toEqual(before);
  });

  it('refuses the SQLite database of another application', () => {
    const file = path.join(tempDir(), 'other.db');
    const other = new Database(file);
    other.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY)');
    other.close();
    expect(() => openDatabase(file)).toThrow(/another application, not a Visa Kiosk database/);
  });

  it('refuses a read-only database file with a message that says so', () => {
    const file = path.join(tempDir(), 'kiosk.db');
    openDatabase(file).close();
    fs.chmodSync(file, 0o400);
    expect(() => openDatabase(file)).toThrow(`${file} is read-only: the kiosk must be able to write its database`);
  });

  it('keeps the visa list in a list file of its own, attached as "list", and re-attaches a list installed by another process', async () => {
    const file = path.join(tempDir(), 'kiosk.db');
    const kiosk = Kiosk.open(file);
    const other = Kiosk.open(file);
    await other.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    const listFile = (kiosk.db.prepare('SELECT list_file AS f FROM sync_state').get() as { f: string }).f;
    expect(fs.existsSync(path.join(path.dirname(file), listFile))).toBe(true);
    expect(kiosk.visaList.status()).toMatchObject({ sequence: 10, members: 6 });
    kiosk.settings.set({ key: 'space.id', value: 'harbour' });
    expect(kiosk.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted' });
    await other.visaList.importFeed({ feed: feedBytes(smallFeed({ sequence: 11, members: [] })) });
    // A logged tap is the first thing to notice the new list: it must switch before its transaction.
    expect(kiosk.desk.checkin({ credential: 'CC-1' })).toMatchObject({ reason: 'unknown_credential', visitId: 1 });
    // The replaced list file is gone; only the installed one remains beside the database.
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('-list-') && f.endsWith('.db'))).toHaveLength(1);
    await kiosk.close();
    await other.close();
  });
});

describe('a list file from before expiresAt', () => {
  it('still reads, as a list with no expiry, and a CSV import builds on it', async () => {
    const file = path.join(tempDir(), 'kiosk.db');
    const before = Kiosk.open(file);
    await before.visaList.importFeed({ feed: feedBytes(smallFeed({ generatedAt: '2026-11-21T09:00:00Z' })) });
    await before.close();
    const listFile = fs.readdirSync(path.dirname(file)).find((name) => /-list-[0-9a-f]+\.db$/.test(name))!;
    const old = new Database(path.join(path.dirname(file), listFile));
    old.exec('ALTER TABLE list_info DROP COLUMN expires_at');
    old.close();

    const service = Kiosk.open(file);
    try {
      expect(service.visaList.status()).toMatchObject({ sequence: 10, generatedAt: '2026-11-21T09:00:00Z', expiresAt: null, members: 6 });
      await service.visaList.importCsv({ csv: 'id,space,name,email,status,validUntil,credentials\r\nhw-9,harbour,Nina Novak,,active,,rfid:0A0B0C0D0E\r\n' });
      expect(service.visaList.status()).toMatchObject({ sequence: 10, generatedAt: '2026-11-21T09:00:00Z', expiresAt: null });
    } finally {
      await service.close();
    }
  });
});

describe('a list file from before short reads and typed barcodes were matched', () => {
  it('is rebuilt once with their keys, so a 26-bit read and a barcode typed in lower case find their member', async () => {
    const file = path.join(tempDir(), 'kiosk.db');
    const before = Kiosk.open(file);
    await before.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    before.settings.set({ key: 'space.id', value: 'harbour' });
    await before.close();
    const listFile = fs.readdirSync(path.dirname(file)).find((name) => /-list-[0-9a-f]+\.db$/.test(name))!;
    // The credentials table as kiosks built it before: kind, value, member_id, low32.
    const old = new Database(path.join(path.dirname(file), listFile));
    old.exec(
      'DROP INDEX credentials_low24; DROP INDEX credentials_folded; DROP INDEX credentials_partial; ALTER TABLE credentials DROP COLUMN bits; ALTER TABLE credentials DROP COLUMN low24; ALTER TABLE credentials DROP COLUMN folded',
    );
    old.close();

    const service = Kiosk.open(file);
    try {
      expect(service.visaList.status()).toMatchObject({ sequence: 10, members: 6, credentials: 8 });
      // Inês Carvalho's card 1000A1B200, as a Wiegand-26 reader gives it; her barcode HW-1, typed.
      expect(service.desk.checkin({ credential: 'A1B200', form: 'wiegand26' }, { dryRun: true })).toMatchObject({
        decision: 'admitted',
        member: { id: 'hw-1' },
      });
      expect(service.desk.checkin({ credential: 'hw 1' }, { dryRun: true })).toMatchObject({ decision: 'admitted', member: { id: 'hw-1' }, typed: 'hw 1' });
      expect((service.db.prepare('SELECT list_file AS f FROM sync_state').get() as { f: string }).f).not.toBe(listFile);
    } finally {
      await service.close();
    }
  });
});

import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../db/migrations';
import { APPLICATION_ID } from '../../db/open';
import { Kiosk } from '../../service/kiosk';
import { badgeKeyFileBeside } from '../../service/staff-badges';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();

const UID = '5EC2E7C0FFEE01';
const BARCODE = 'STAFF-CARD-7781';

/** Every byte the database keeps on disk: the file and its write-ahead log. */
function bytesOnDisk(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

function expectNoBadgeIn(file: string) {
  const bytes = bytesOnDisk(file);
  for (const value of [UID, BARCODE, '5E:C2:E7:C0:FF:EE:01', 'C0FFEE01']) {
    expect(bytes.includes(Buffer.from(value)), value).toBe(false);
    expect(bytes.includes(Buffer.from(value.toLowerCase())), value).toBe(false);
  }
}

async function withList(service: Kiosk) {
  await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
  service.settings.set({ key: 'space.id', value: 'harbour' });
}

describe('staff badges are kept as keyed hashes', () => {
  it('the database file never holds a staff badge’s value, and the badge still opens staff mode in every form a reader gives', async () => {
    const file = path.join(tempDir(), 'kiosk.db');
    const service = Kiosk.open(file);
    await withList(service);
    service.staff.add({ name: 'Sam Staff', role: 'staff', pin: '1111', badge: '5E:C2:E7:C0:FF:EE:01' });
    service.staff.add({ name: 'Bea Barcode', role: 'staff', pin: '2222', badge: BARCODE });
    expectNoBadgeIn(file);
    expect(service.desk.checkin({ credential: UID })).toMatchObject({ decision: 'staff', staff: { name: 'Sam Staff' } });
    // A keyboard-mode reader that types the low 32 bits as a decimal number.
    expect(service.desk.checkin({ credential: String(0xc0ffee01), form: 'decimal' })).toMatchObject({ decision: 'staff', staff: { name: 'Sam Staff' } });
    expect(service.desk.checkin({ credential: BARCODE, kind: 'barcode' })).toMatchObject({ decision: 'staff', staff: { name: 'Bea Barcode' } });
    expect(service.staff.list()).toEqual([
      expect.objectContaining({ name: 'Bea Barcode', hasBadge: true }),
      expect.objectContaining({ name: 'Sam Staff', hasBadge: true }),
    ]);
    expect(() => service.staff.add({ name: 'Copy Cat', role: 'staff', pin: '3333', badge: UID })).toThrow(
      `the badge ${UID} already belongs to another staff member`,
    );
    await service.close();
    expectNoBadgeIn(file);
  });

  it('the key lives beside the database, readable by its owner only; without it the copied database opens no staff mode', async () => {
    const file = path.join(tempDir(), 'kiosk.db');
    const service = Kiosk.open(file);
    await withList(service);
    service.staff.add({ name: 'Sam Staff', role: 'staff', pin: '1111', badge: UID });
    await service.close();
    const key = badgeKeyFileBeside(file);
    expect(key).toBe(path.join(path.dirname(file), 'staff-badges.key'));
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    expect(fs.statSync(key).size).toBe(32);

    const copy = path.join(tempDir(), 'kiosk.db');
    fs.copyFileSync(file, copy);
    const stolen = Kiosk.open(copy);
    await withList(stolen);
    expect(stolen.desk.checkin({ credential: UID }, { dryRun: true })).toMatchObject({ decision: 'denied', staff: null });
    await stolen.close();
  });

  it('a database from before moves its plain staff badges to hashes at open, leaving no trace of them in the file', async () => {
    const file = path.join(tempDir(), 'kiosk.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.pragma(`application_id = ${APPLICATION_ID}`);
    for (let v = 0; v < 5; v++) old.exec(MIGRATIONS[v]!);
    old.pragma('user_version = 5');
    const add = old.prepare("INSERT INTO staff (name, role, pin_hash, badge, created_at) VALUES (?, 'staff', 'scrypt$x', ?, '2026-01-01T00:00:00Z')");
    add.run('Sam Staff', `rfid:${UID}`);
    add.run('Bea Barcode', `barcode:${BARCODE}`);
    old.close();
    expect(bytesOnDisk(file).includes(Buffer.from(UID))).toBe(true);

    const service = Kiosk.open(file);
    await withList(service);
    expectNoBadgeIn(file);
    expect(service.desk.checkin({ credential: UID })).toMatchObject({ decision: 'staff', staff: { name: 'Sam Staff' } });
    expect(service.desk.checkin({ credential: BARCODE })).toMatchObject({ decision: 'staff', staff: { name: 'Bea Barcode' } });
    await service.close();
    expectNoBadgeIn(file);
  });
});

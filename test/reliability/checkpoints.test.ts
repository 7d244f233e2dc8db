import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installDemo } from '../../service/demo-data';
import { KIOSK_CHECKPOINTS } from '../../db/checkpoints';
import { Kiosk } from '../../service/kiosk';
import { em4100Frame } from '../fixtures/frames';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';
import { deskReader, serveWithScreen, TapWriter } from './reader-pty';
import { checkShownAreLogged, demoRfids, readLog } from './visit-log';

/**
 * A kiosk taking taps copies its write-ahead log into the database file between taps (db/checkpoints.ts),
 * not inside the commit of whichever tap crossed SQLite's 1,000 pages. Real database files throughout.
 */
const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** The visits the database file holds by itself, without its write-ahead log: what a checkpoint has copied into it. */
function visitsInFileAlone(db: string): number {
  const copy = path.join(tempDir(), 'file-alone.db');
  fs.copyFileSync(db, copy);
  const conn = new Database(copy);
  try {
    return (conn.prepare('SELECT count(*) FROM visits').pluck().get() as number) ?? 0;
  } catch (error) {
    // Not even the schema copied into the file yet; or copied while a checkpoint was writing it: look again.
    return /no such table/.test((error as Error).message) ? 0 : -1;
  } finally {
    conn.close();
  }
}

const walBytes = (db: string) => fs.statSync(`${db}-wal`, { throwIfNoEntry: false })?.size ?? 0;

describe('write-ahead log checkpoints', () => {
  it('copies the visits into the database file once taps go quiet, not during them', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    const kiosk = Kiosk.open(db);
    cleanup.push(() => kiosk.close());
    await installDemo(kiosk);
    await kiosk.startReaders();
    for (const { uid } of demoRfids().slice(0, 20)) expect(kiosk.desk.checkin({ credential: uid, kind: 'rfid' }).visitId).not.toBeNull();
    expect(visitsInFileAlone(db)).toBe(0);
    await until('the visits to be copied into the database file', () => visitsInFileAlone(db) === 20, 10_000, 100);
  });

  it('keeps the log bounded under a stream of taps with no quiet moment, and loses none of them', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    // The kiosk's bound lowered to 4 MB, so that 1,500 taps cross it three times.
    const bound = 4 * 1024 * 1024;
    const kiosk = Kiosk.open(db, { checkpoints: { ...KIOSK_CHECKPOINTS, maxWalBytes: bound } });
    cleanup.push(() => kiosk.close());
    await installDemo(kiosk);
    await kiosk.startReaders();
    const taps = 1500;
    let largest = 0;
    for (let i = 0; i < taps; i++) {
      kiosk.desk.checkin({ credential: `STREAM-${i}`, kind: 'barcode' });
      // Taps come from a reader: the event loop turns between them.
      await new Promise((resolve) => setImmediate(resolve));
      largest = Math.max(largest, walBytes(db));
    }
    const logged = (kiosk.db.prepare("SELECT count(*) FROM visits WHERE credential_value LIKE 'STREAM-%'").pluck().get() as number) ?? 0;
    expect(logged).toBe(taps);
    // Each tap's commit adds a few pages to the log (about 13 MB in all): it never held much more than its bound.
    expect(largest).toBeLessThanOrEqual(bound + 1024 * 1024);
  }, 60_000);

  it('a rush during a long export copies the log every so many taps, not after every tap, and logs every visit', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    const kiosk = Kiosk.open(db, { checkpoints: { ...KIOSK_CHECKPOINTS, tapsPerCopy: 50 } });
    cleanup.push(() => kiosk.close());
    await installDemo(kiosk);
    await kiosk.startReaders();
    // What an export does: a read transaction of its own, which no checkpoint can copy past while it lasts.
    const reader = new Database(db, { readonly: true });
    cleanup.push(() => void reader.close());
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM visits').get();
    let checkpoints = 0;
    const pragma = kiosk.db.pragma.bind(kiosk.db);
    kiosk.db.pragma = ((source: string, options?: Database.PragmaOptions) => {
      if (source.startsWith('wal_checkpoint')) checkpoints++;
      return pragma(source, options);
    }) as typeof kiosk.db.pragma;
    const taps = 500;
    for (let i = 0; i < taps; i++) {
      expect(kiosk.desk.checkin({ credential: `EXPORTING-${i}`, kind: 'barcode' }).visitId).not.toBeNull();
      await new Promise((resolve) => setImmediate(resolve));
    }
    reader.exec('COMMIT');
    // Tried once per 50 taps while the reader held the log (about ten), not once a tap.
    expect(checkpoints).toBeGreaterThanOrEqual(taps / 50 - 1);
    expect(checkpoints).toBeLessThanOrEqual(taps / 50 + 2);
    expect(kiosk.db.prepare("SELECT count(*) FROM visits WHERE credential_value LIKE 'EXPORTING-%'").pluck().get()).toBe(taps);
  }, 60_000);

  it('a kiosk killed between checkpoints, in the middle of a burst of taps, has logged every visit it showed', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const pty = await deskReader(dir, db, cleanup);
    const uids = demoRfids().map((d) => d.uid);
    const kiosk = await serveWithScreen(db, cleanup);
    const writer = new TapWriter(pty, (uid) => em4100Frame(uid));

    await writer.run(uids.slice(0, 20), 15);
    await until('the first burst to be shown', () => kiosk.screen.checkins.length >= 20, 10_000);
    await until('the first burst to be copied into the database file', () => visitsInFileAlone(db) >= 20, 10_000, 100);

    const burst = writer.run(uids.slice(20), 15);
    await until('part of the second burst to be shown', () => kiosk.screen.checkins.length >= 30, 10_000, 2);
    await kiosk.kiosk.kill('SIGKILL');
    writer.stop();
    await burst;
    expect(kiosk.kiosk.child.signalCode).toBe('SIGKILL');

    const { visits, integrity } = readLog(db);
    expect(integrity).toBe('ok');
    const { problems } = checkShownAreLogged(visits, kiosk.screen.checkins);
    expect(problems).toEqual([]);
    expect(visits.length).toBeGreaterThanOrEqual(30);
  });
});

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointScheduler, copyLog, KIOSK_CHECKPOINTS, type CheckpointPolicy } from '../../db/checkpoints';
import { installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { builtFile } from '../fixtures/built';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';

/**
 * The first commit after a complete checkpoint starts the write-ahead log over (a header written
 * and fsynced, the file cut back): the kiosk makes that commit itself between taps, so no
 * visitor's tap waits for it. Real database files.
 */
const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const walBytes = (db: string) => fs.statSync(`${db}-wal`, { throwIfNoEntry: false })?.size ?? 0;

/** Which start of the log this is: SQLite counts them in the log file's header (bytes 12–15). */
function logGeneration(db: string): number {
  const header = Buffer.alloc(32);
  const fd = fs.openSync(`${db}-wal`, 'r');
  try {
    fs.readSync(fd, header, 0, 32, 0);
  } finally {
    fs.closeSync(fd);
  }
  return header.readUInt32BE(12);
}

/** The kiosk's policy with a bound of 4 MB, so a rush reaches it in a second or two. */
const POLICY: CheckpointPolicy = { ...KIOSK_CHECKPOINTS, maxWalBytes: 4 * 1024 * 1024 };

const MODES = [
  { on: "on the kiosk's thread (a build without the worker, as tests from source run)", options: () => ({ checkpoints: POLICY }) },
  {
    on: 'on the built checkpoint worker (as `serve` and Electron run)',
    options: () => ({ checkpoints: POLICY, checkpointWorker: builtFile('checkpoint-worker.js') }),
  },
  {
    on: "when the checkpoint worker cannot start (its file is gone): on the kiosk's thread again",
    options: () => ({ checkpoints: POLICY, checkpointWorker: '/nonexistent/checkpoint-worker.js' }),
  },
];

describe.each(MODES)('the write-ahead log after a checkpoint $on', ({ options }) => {
  it('is copied and started over every so many taps of a rush, so the log file stops growing', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    const kiosk = Kiosk.open(db, { ...options(), checkpoints: { ...POLICY, tapsPerCopy: 100, maxWalBytes: 1024 * 1024 * 1024 } });
    cleanup.push(() => kiosk.close());
    await installDemo(kiosk);
    await kiosk.startReaders();
    const generation = logGeneration(db);
    const rush = async (taps: number) => {
      for (let i = 0; i < taps; i++) {
        kiosk.desk.checkin({ credential: `RUSH-${i}`, kind: 'barcode' });
        // Taps come from a reader: the event loop turns between them, and a copy may run beside them.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    // 2,000 taps: a copy between two taps after every 100 of them, however busy the machine (a
    // copy beside the taps once spanned hundreds of them on a loaded CI run). A quiet spell on a
    // stalled machine may copy too, and count the taps from there.
    await rush(2000);
    expect(logGeneration(db)).toBeGreaterThanOrEqual(generation + 19);
    // Every commit adds at least one page (and its 24-byte frame header) to the log: 2,000 of them on one log would take 8 MB.
    const pageSize = kiosk.db.pragma('page_size', { simple: true }) as number;
    expect(walBytes(db)).toBeLessThan((2000 * (pageSize + 24)) / 2);
  }, 60_000);

  it('is started over and cut back by the kiosk as soon as it was copied, before any further tap', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    const kiosk = Kiosk.open(db, options());
    cleanup.push(() => kiosk.close());
    await installDemo(kiosk);
    await kiosk.startReaders();
    // A rush with no turn of the event loop between taps: the log grows past its bound, checkpointed only after the last.
    for (let i = 0; walBytes(db) < POLICY.maxWalBytes * 1.5; i++) kiosk.desk.checkin({ credential: `RUSH-${i}`, kind: 'barcode' });
    const generation = logGeneration(db);
    const cutTo = POLICY.maxWalBytes / 2;
    await until('the log to be started over and cut back', () => walBytes(db) <= cutTo, 10_000, 20);
    expect(logGeneration(db)).toBe(generation + 1);
    // The next tap appends to the restarted log like any other.
    expect(kiosk.desk.checkin({ credential: 'AFTER', kind: 'barcode' }).visitId).not.toBeNull();
    expect(logGeneration(db)).toBe(generation + 1);
  }, 60_000);

  it('copies what another program wrote once the database is quiet, then leaves the log alone (its own restart is no new write)', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    const kiosk = Kiosk.open(db, options());
    cleanup.push(() => kiosk.close());
    await installDemo(kiosk);
    await kiosk.startReaders();
    const generation = logGeneration(db);
    // Another program (the sqlite3 shell, a process of its own) writes; the kiosk itself makes no change.
    const shell = spawnSync('sqlite3', [db, "PRAGMA busy_timeout = 5000; INSERT INTO settings (key, value) VALUES ('other.program', '\"yes\"');"], {
      encoding: 'utf8',
    });
    expect(shell.status, shell.stderr).toBe(0);
    await until("the other program's pages to be copied and the log started over", () => logGeneration(db) === generation + 1, 10_000, 20);
    // Two quiet spells later the log is where the copy left it: the copier's own commit did not ask for another copy.
    await new Promise((resolve) => setTimeout(resolve, 2 * POLICY.quietMs + 4 * POLICY.lookMs));
    expect(logGeneration(db)).toBe(generation + 1);
  }, 30_000);

  it('keeps every visit of a rush across the copies and a close, and the closed kiosk leaves no log behind', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    const kiosk = Kiosk.open(db, options());
    await installDemo(kiosk);
    await kiosk.startReaders();
    let taps = 0;
    const generation = logGeneration(db);
    // Taps with turns of the event loop between them, so copies run while the rush goes on, until the log has been started over twice.
    while (logGeneration(db) < generation + 2) {
      for (let i = 0; i < 50; i++) kiosk.desk.checkin({ credential: `RUSH-${taps++}`, kind: 'barcode' });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await kiosk.close();
    expect(fs.existsSync(`${db}-wal`)).toBe(false);
    const again = Kiosk.open(db, options());
    cleanup.push(() => again.close());
    expect(again.desk.todaysVisits({}).filter((v) => v.credential?.value.startsWith('RUSH-')).length).toBe(taps);
  }, 60_000);
});

/**
 * A copier on another connection, as the checkpoint worker copies, that answers when the test
 * says: the moment its answer reaches the kiosk is when the test chooses. `policy`: when the
 * kiosk copies (the log's byte bound is the copier's, a rush's count of taps the kiosk's own).
 */
function copyBesideTaps(dir: string, policy: CheckpointPolicy) {
  const file = path.join(dir, 'log.db');
  const open = () => {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    return db;
  };
  const kiosk = open();
  kiosk.exec('CREATE TABLE visits (id INTEGER PRIMARY KEY, badge TEXT)');
  const copier = open();
  let answer: (() => void) | null = null;
  let asked = 0;
  const scheduler = new CheckpointScheduler(kiosk, policy, (restart) => {
    asked++;
    // The bulk is copied at once; the answer waits.
    const complete = copyLog(copier, restart);
    return new Promise<boolean>((resolve) => (answer = () => resolve(complete)));
  });
  cleanup.push(() => {
    scheduler.stop();
    copier.close();
    kiosk.close();
  });
  const insert = kiosk.prepare('INSERT INTO visits (badge) VALUES (?)');
  let taps = 0;
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  const log = {
    file,
    /** How many copies the copier was asked for. */
    asked: () => asked,
    /** A tap answered, then the turn of the event loop a reader gives. */
    async tap() {
      insert.run(`TAP-${taps++}`);
      scheduler.wrote();
      await turn();
    },
    /** Taps, a look of the kiosk's timer apart (it looks at the log's size), until the log reaches its bound and the copier is asked. */
    async tapUntilAsked() {
      while (answer === null) {
        expect(taps, 'the copier to be asked within a few hundred taps').toBeLessThan(500);
        await log.tap();
        if (answer === null) await new Promise((resolve) => setTimeout(resolve, 2 * policy.lookMs));
      }
    },
    async answer() {
      expect(answer, 'a copy to have been asked for').not.toBeNull();
      answer!();
      answer = null;
      await turn();
    },
  };
  return log;
}

/** The log's bound at 40 KB, reached in about ten taps of a page each; never a count of taps. */
const BYTES_BOUND: CheckpointPolicy = { quietMs: 60_000, tapsPerCopy: 1_000_000, maxWalBytes: 40 * 1024, lookMs: 5 };

describe('the end of a copy made beside taps, once the log reached its bound', () => {
  it('waits, when taps came while it copied, until the next tap has been answered: a badge may already be waiting when the copier answers', async () => {
    const log = copyBesideTaps(tempDir(), BYTES_BOUND);
    await log.tapUntilAsked();
    await log.tap();
    await log.tap();
    const generation = logGeneration(log.file);
    await log.answer();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(logGeneration(log.file)).toBe(generation);
    await log.tap();
    // Right after that tap, the pages taps added beside the copy are copied and the log is started over.
    expect(logGeneration(log.file)).toBe(generation + 1);
    const fresh = walBytes(log.file);
    await log.tap();
    expect(walBytes(log.file)).toBeLessThanOrEqual(fresh + 8192);
  });

  it('starts the log over at once when no tap came while it copied: the next tap would otherwise pay for it', async () => {
    const log = copyBesideTaps(tempDir(), BYTES_BOUND);
    await log.tapUntilAsked();
    const generation = logGeneration(log.file);
    await log.answer();
    expect(logGeneration(log.file)).toBe(generation + 1);
    await log.tap();
    expect(logGeneration(log.file)).toBe(generation + 1);
  });
});

describe("a rush's copy every so many taps", () => {
  it("is made on the kiosk's own connection right after the last of them, between two taps, not beside the taps by the copier", async () => {
    const log = copyBesideTaps(tempDir(), { quietMs: 60_000, tapsPerCopy: 10, maxWalBytes: 1024 * 1024 * 1024, lookMs: 60_000 });
    const generation = logGeneration(log.file);
    for (let i = 0; i < 9; i++) await log.tap();
    expect(logGeneration(log.file)).toBe(generation);
    await log.tap();
    expect(logGeneration(log.file)).toBe(generation + 1);
    for (let i = 0; i < 10; i++) await log.tap();
    expect(logGeneration(log.file)).toBe(generation + 2);
    expect(log.asked()).toBe(0);
  });

  it("after a copy a long reader cut short, is the thread's: the log may hold far more than a rush's taps by then", async () => {
    const log = copyBesideTaps(tempDir(), { quietMs: 60_000, tapsPerCopy: 10, maxWalBytes: 1024 * 1024 * 1024, lookMs: 60_000 });
    // An export's read transaction: no copy can pass the pages it still reads.
    const reader = new Database(log.file, { readonly: true });
    cleanup.push(() => void reader.close());
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM visits').get();
    for (let i = 0; i < 10; i++) await log.tap();
    expect(log.asked()).toBe(0);
    reader.exec('COMMIT');
    for (let i = 0; i < 10; i++) await log.tap();
    expect(log.asked()).toBe(1);
    // Once the thread's copy is whole, the next rush's is the kiosk's own again.
    await log.answer();
    await log.tap();
    for (let i = 0; i < 10; i++) await log.tap();
    expect(log.asked()).toBe(1);
  });
});

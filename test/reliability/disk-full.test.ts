import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFeed } from '../../bench/data';
import { installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { visaKiosk } from '../fixtures/cli';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';
import { fillDisk, smallDisk } from './faults';
import { serve } from './serve-process';

/** A really full disk (a 6 MB tmpfs), and what killed syncs and exports leave on it. */

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Fills the disk, then frees `room` bytes of it. */
function leaveRoom(dir: string, room: number): void {
  const filler = fillDisk(dir);
  fs.truncateSync(filler, fs.statSync(filler).size - room);
}

describe('a full disk', () => {
  it('at start: says the disk is full (not "disk I/O error"), and doctor still reaches its disk check', async ({ skip }) => {
    const dir = smallDisk(tempDir, cleanup);
    if (!dir) return skip('needs root to mount a tmpfs');
    const db = path.join(dir, 'kiosk.db');
    const setup = Kiosk.open(db);
    await installDemo(setup);
    await setup.close();
    fillDisk(dir);
    const run = await visaKiosk(['--db', db, 'config', 'list']);
    expect(run).toMatchObject({
      code: 1,
      stderr: `visa-kiosk config list: cannot open ${db}: the disk is full (SQLite needs room for its write-ahead log beside it): make room on ${dir}'s disk\n`,
    });
    const doctor = await visaKiosk(['--db', db, 'doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/^FAIL {2}database +cannot open .*: the disk is full/m);
    expect(doctor.stdout).toMatch(/^FAIL {2}disk +only 0 MB free on the database's volume/m);
  });

  it('an import that runs out of room records why as the list’s last error and leaves no partial file', async ({ skip }) => {
    const dir = smallDisk(tempDir, cleanup);
    if (!dir) return skip('needs root to mount a tmpfs');
    const db = path.join(dir, 'kiosk.db');
    const setup = Kiosk.open(db);
    await setup.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    setup.settings.set({ key: 'space.id', value: 'harbour' });
    await setup.close();
    const feed = path.join(tempDir(), 'big.json');
    writeFeed(feed, 20_000, smallFeed().spaces, 11);
    const before = fs.readdirSync(dir).sort();
    leaveRoom(dir, 400 * 1024);
    const run = await visaKiosk(['--db', db, 'visa', 'import', feed]);
    expect(run).toMatchObject({ code: 1, stderr: 'visa-kiosk visa import: the visa list was not saved: the disk is full\n' });
    const status = JSON.parse((await visaKiosk(['--db', db, 'visa', 'status', '--json'])).stdout) as { lastError: string | null; members: number };
    expect(status).toMatchObject({ lastError: 'the visa list was not saved: the disk is full' });
    expect(
      fs
        .readdirSync(dir)
        .filter((name) => name !== 'filler' && !name.endsWith('-wal') && !name.endsWith('-shm') && name !== 'logs')
        .sort(),
    ).toEqual(before.filter((name) => name !== 'logs'));
  });
});

describe('what killed syncs and exports leave behind', () => {
  it('is removed when the kiosk starts; a file another import is writing right now is left alone', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const setup = Kiosk.open(db);
    await installDemo(setup);
    await setup.close();
    const old = new Date(Date.now() - 5 * 60_000);
    const halfBuilt = path.join(dir, 'kiosk.db-list-0123456789ab.db');
    fs.writeFileSync(halfBuilt, Buffer.alloc(2 * 1024 * 1024));
    fs.utimesSync(halfBuilt, old, old);
    const building = path.join(dir, 'kiosk.db-list-ba9876543210.db');
    fs.writeFileSync(building, Buffer.alloc(1024));
    const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'visa-kiosk-export-'));
    const partialExport = path.join(exportDir, 'visits-2026-01-01-to-2026-12-31.csv');
    fs.writeFileSync(partialExport, 'x'.repeat(100_000));
    fs.utimesSync(partialExport, old, old);
    fs.utimesSync(exportDir, old, old);
    cleanup.push(() => fs.rmSync(exportDir, { recursive: true, force: true }));

    const kiosk = await serve(db, []);
    cleanup.push(() => kiosk.kill('SIGKILL'));
    expect(fs.existsSync(halfBuilt)).toBe(false);
    expect(fs.existsSync(exportDir)).toBe(false);
    expect(fs.existsSync(building)).toBe(true);
    await kiosk.kill('SIGTERM');
    const log = fs.readFileSync(path.join(dir, 'logs', 'kiosk.log'), 'utf8');
    expect(log).toContain(halfBuilt);
  });
});

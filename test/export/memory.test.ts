import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { ExportRunner } from '../../service/export/export-runner';
import { builtFile } from '../fixtures/built';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();
const ROWS = 1_000_000;
const MB = 1024 * 1024;

/** The export workers as the app's build makes them (dist/node), failing clearly when they are not built. */
const builtWorkers = () => ({ workerFile: builtFile('export-worker.js'), sliceWorkerFile: builtFile('export-slice-worker.js') });

/** A year of visits at one kiosk, in date order, inserted in one transaction: members, guests' day passes, overrides, voids. */
function millionVisitLog(file: string): void {
  const db = openDatabase(file);
  // A bulk load for the test only: no fsync per page, foreign keys trusted, the indexes in memory.
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -400000');
  db.prepare("INSERT INTO staff (id, name, role, pin_hash, created_at) VALUES (1, 'Rita Front', 'manager', 'x', '2026-01-01T00:00:00Z')").run();
  const guest = db.prepare("INSERT INTO guests (name, email, created_at) VALUES (?, ?, '2026-01-01T00:00:00Z')");
  const visit = db.prepare(`
    INSERT INTO visits (at, local_date, kind, decision, reason, member_id, member_name, guest_id, home_space_id, home_space_name,
      credential_kind, credential_value, override_staff_id, override_reason, price, currency, voided_at, voided_by, void_reason)
    VALUES (?, ?, ?, 'admitted', ?, ?, ?, ?, ?, ?, 'barcode', ?, ?, ?, ?, ?, ?, ?, ?)`);
  const days = Array.from({ length: 365 }, (_, d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));
  db.transaction(() => {
    for (let g = 1; g <= 1000; g++) guest.run(`Guest ${g}, "Walk-in"`, `guest${g}@example.org`);
    for (let i = 0; i < ROWS; i++) {
      const day = days[Math.floor((i * 365) / ROWS)]!;
      const pass = i % 10 === 0;
      const override = i % 97 === 0;
      const voided = i % 101 === 0;
      visit.run(
        `${day}T${String(8 + (i % 10)).padStart(2, '0')}:00:00Z`,
        day,
        pass ? 'day_pass' : 'visa',
        pass ? 'day_pass' : 'visa',
        `m-${i % 5000}`,
        `Member ${i % 5000}, of "Space ${i % 40}"`,
        pass ? 1 + (i % 1000) : null,
        `space-${i % 40}`,
        `Space ${i % 40}`,
        `BC-${i}`,
        override ? 1 : null,
        override ? 'forgot the card' : null,
        pass ? '15.00' : null,
        pass ? 'EUR' : null,
        voided ? `${day}T18:00:00Z` : null,
        voided ? 1 : null,
        voided ? '=mistake' : null,
      );
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Counts a file's lines without reading it into memory. */
async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
  }
  return lines;
}

describe('exporting a long log', () => {
  it(
    'a million visits go to a file from the export worker on two threads in flat memory, byte for byte as one thread writes them',
    { timeout: 120_000 },
    async () => {
      const workers = builtWorkers();
      const dir = tempDir();
      const database = path.join(dir, 'kiosk.db');
      const out = path.join(dir, 'visits.csv');
      const inserting = performance.now();
      millionVisitLog(database);
      const insertMs = performance.now() - inserting;

      // Worker threads share the process: its RSS, sampled as rows are written, is the exporter's.
      const before = process.memoryUsage().rss;
      const samples: { rows: number; rss: number }[] = [];
      const started = performance.now();
      const runner = new ExportRunner(database, workers);
      const summary = await runner.toFile({ report: 'visits', from: '2026-01-01', to: '2026-12-31', format: 'csv' }, out, {
        onProgress: (rows) => samples.push({ rows, rss: process.memoryUsage().rss }),
        threads: 2,
      });
      const exportMs = performance.now() - started;

      expect(summary.rows).toBe(ROWS);
      const size = fs.statSync(out).size;
      expect(fs.statSync(out).mode & 0o777).toBe(0o600);
      expect(await countLines(out)).toBe(ROWS + 1);
      // Measured from a tenth of the rows on, after the worker has started and its caches are warm:
      // a log held in memory, or output queued without waiting for the disk, grows with the rows.
      const tenth = samples.find((s) => s.rows >= ROWS / 10)!;
      const later = samples.filter((s) => s.rows >= tenth.rows);
      const peak = Math.max(...later.map((s) => s.rss));
      console.log(
        `insert ${ROWS} visits: ${(insertMs / 1000).toFixed(1)} s; export: ${(exportMs / 1000).toFixed(1)} s ` +
          `(${Math.round(ROWS / (exportMs / 1000)).toLocaleString('en')} rows/s, ${(size / MB).toFixed(0)} MB CSV); ` +
          `RSS before ${(before / MB).toFixed(0)} MB, at 10% ${(tenth.rss / MB).toFixed(0)} MB, peak after ${(peak / MB).toFixed(0)} MB`,
      );
      // Progress comes as slices are written: about every 10,000 visits.
      expect(later.length).toBeGreaterThanOrEqual(40);
      expect(peak - tenth.rss).toBeLessThan(60 * MB);
      // Whole-export bound, the three threads' start included (the export worker and two slice
      // threads): a log read into memory first would pass the first check (all growth before 10%)
      // but not this one.
      expect(Math.max(...samples.map((s) => s.rss)) - before).toBeLessThan(160 * MB);

      // The slices, joined, are the export one thread makes: same order, same bytes.
      const single = path.join(dir, 'single.csv');
      await runner.toFile({ report: 'visits', from: '2026-01-01', to: '2026-12-31', format: 'csv' }, single, { threads: 1 });
      expect(sha256(out)).toBe(sha256(single));
      // Filtered, as JSON Lines: the day passes (a tenth of the log) are sliced by their own days.
      const passes = { report: 'visits', from: '2026-02-01', to: '2026-11-30', format: 'json', kind: 'day_pass' } as const;
      const [two, one] = [path.join(dir, 'two.jsonl'), path.join(dir, 'one.jsonl')];
      const counted = await runner.toFile(passes, two, { threads: 2 });
      expect(await runner.toFile(passes, one, { threads: 1 })).toEqual(counted);
      expect(counted.rows).toBeGreaterThan(70_000);
      expect(sha256(two)).toBe(sha256(one));
      expect(JSON.parse(fs.readFileSync(two, 'utf8').split('\n')[0]!)).toMatchObject({ kind: 'day_pass', localDate: '2026-02-01' });
    },
  );

  it('the worker reports a refusal as one, and a bad job is refused before it starts', async () => {
    const dir = tempDir();
    const database = path.join(dir, 'kiosk.db');
    openDatabase(database).close();
    const runner = new ExportRunner(database, builtWorkers());
    const job = { report: 'visits', from: '2026-01-01', to: '2026-01-31', format: 'csv' };
    await expect(runner.toFile(job, path.join(dir, 'missing', 'x.csv'))).rejects.toMatchObject({
      name: 'KioskError',
      message: expect.stringMatching(/its folder does not exist/),
    });
    await expect(runner.toFile({ ...job, from: '2026-02-01' }, path.join(dir, 'x.csv'))).rejects.toMatchObject({ name: 'KioskError', code: 'invalid' });
    expect(await runner.toFile(job, path.join(dir, 'x.csv'))).toEqual({ rows: 0 });
    expect(fs.readFileSync(path.join(dir, 'x.csv'), 'utf8')).toMatch(/^visit_id,.*\r\n$/);
  });
});

import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../fixtures/temp';
import { sleep, until } from '../fixtures/wait';
import { serve } from './serve-process';

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Another program's commit into the kiosk's database, left in the write-ahead log (it copies nothing itself). */
function writeBeside(db: string, pages: number): void {
  const other = new Database(db);
  other.pragma('wal_autocheckpoint = 0');
  other.exec('CREATE TABLE IF NOT EXISTS other_program (x BLOB)');
  other
    .prepare('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) INSERT INTO other_program SELECT randomblob(4000) FROM n')
    .run(pages);
  other.close();
}

/**
 * A service manager stops `serve` with SIGTERM and reads its exit status: 0 means it closed the
 * database itself. Stopped while its checkpoint worker copies a large log, the process waits for
 * the copy instead of ending with Node's "unsettled top-level await" (13) and the copy cut off.
 */
describe('serve stopped by SIGTERM', () => {
  it('exits 0 when the stop comes while its checkpoint worker is copying a large log', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    const kiosk = await serve(db);
    cleanup.push(() => kiosk.kill('SIGKILL'));
    const exit = new Promise<number | null>((resolve) => kiosk.child.once('exit', (code) => resolve(code)));
    // A small write is copied after a quiet second, on the worker, which runs from then on.
    writeBeside(db, 1);
    await sleep(1_600);
    const before = fs.statSync(db).size;
    writeBeside(db, 20_000);
    // After the next quiet second the worker copies the 80 MB into the database file: stopped then.
    await until('the copy to begin', () => fs.statSync(db).size > before + 1024 * 1024, 5_000, 2);
    await kiosk.kill('SIGTERM');
    expect(await exit, kiosk.output()).toBe(0);
    // Everything was copied into the database: no log is left behind.
    expect(fs.existsSync(`${db}-wal`)).toBe(false);
    const after = new Database(db, { readonly: true });
    expect(after.prepare('SELECT count(*) FROM other_program').pluck().get()).toBe(20_001);
    after.close();
  }, 30_000);
});

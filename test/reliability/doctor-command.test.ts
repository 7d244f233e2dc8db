import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../service/doctor/check';
import { visaKiosk } from '../fixtures/cli';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';
import { PUBLIC_KEY } from './doctor-kiosk';

const tempDir = useTempDir();

describe('visa-kiosk doctor', () => {
  async function setUp() {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const feed = path.join(dir, 'list.json');
    // The CLI runs on the real clock: a list generated now is not stale.
    fs.writeFileSync(feed, feedBytes(smallFeed({ generatedAt: new Date().toISOString() })));
    const run = (...args: string[]) => visaKiosk(['--db', db, ...args]);
    expect((await run('visa', 'import', feed)).code).toBe(0);
    expect((await run('config', 'set', 'space.id', 'harbour')).code).toBe(0);
    return { dir, db, run };
  }

  it('prints one PASS / WARN / FAIL / SKIP line per check and exits 0 when nothing fails', async () => {
    const { run } = await setUp();
    expect((await run('backup')).code).toBe(0);
    const result = await run('doctor');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'PASS database',
      'PASS database',
      'PASS disk',
      'PASS clock',
      'PASS space',
      'PASS visa',
      'WARN readers',
      'SKIP printer',
      'PASS backups',
    ]);
    expect(lines[4]).toMatch(/^PASS {2}space +Harbour Works \(Lisbon\), Europe\/Lisbon, local time /);
  });

  it('exits 1 with a one-line reason when a check fails; --json gives every result', async () => {
    const { run } = await setUp();
    expect((await run('config', 'set', 'visa.publicKey', '--', PUBLIC_KEY)).code).toBe(0);
    expect((await run('config', 'set', 'readers', JSON.stringify([{ id: 'desk', type: 'serial', path: '/dev/ttyNOPE', protocol: 'em4100' }]))).code).toBe(0);
    const result = await run('doctor', '--json');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('visa-kiosk doctor: 2 checks failed: visa list, reader desk\n');
    const report = JSON.parse(result.stdout) as { ok: boolean; checks: CheckResult[] };
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.check)).toEqual(['visa list', 'reader desk']);
  });

  it('says so when there is no database, without making one', async () => {
    const db = path.join(tempDir(), 'none.db');
    const result = await visaKiosk(['--db', db, 'doctor']);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^visa-kiosk doctor: there is no database at .*none\.db: start the kiosk once, or give --db PATH\n$/);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('reports a database that cannot be opened as the one failed check', async () => {
    const { db, run } = await setUp();
    const conn = new Database(db);
    conn.pragma('application_id = 7');
    conn.close();
    const result = await run('doctor');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}database {2}.*kiosk\.db is an SQLite database of another application/);
    expect(result.stderr).toBe('visa-kiosk doctor: 1 check failed: database\n');
  });
});

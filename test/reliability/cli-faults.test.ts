import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { BIN, visaKiosk } from '../fixtures/cli';
import { useTempDir } from '../fixtures/temp';
import { STACK_LINE } from './faults';

/** What the command line says about a damaged, empty or read-only database, and about a reader that stops early. */

const tempDir = useTempDir();

async function demoKiosk(): Promise<string> {
  const file = path.join(tempDir(), 'kiosk.db');
  const service = Kiosk.open(file);
  await installDemo(service);
  service.desk.checkin({ credential: 'HW-0001' });
  service.desk.checkin({ credential: 'CC-0001' });
  await service.close();
  return file;
}

/**
 * `visa-kiosk ARGS | head -N` through a real pipe. With N = 0 the reader has closed it before the
 * command (a slower starter) writes a byte, so every line meets the closed pipe.
 */
function piped(args: string[], lines: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const command = `"${process.execPath}" "${BIN}" ${args.map((a) => `'${a}'`).join(' ')} | head -${lines}; exit "\${PIPESTATUS[0]}"`;
    const child = spawn('bash', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VISA_KIOSK_DB: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the command line on a faulty database', () => {
  it('a damaged kiosk.db is called damaged, with the latest backup to restore, not "not an SQLite file"', async () => {
    const file = await demoKiosk();
    expect((await visaKiosk(['--db', file, 'backup'])).code).toBe(0);
    const [backup] = fs.readdirSync(path.join(path.dirname(file), 'backups')).filter((name) => !name.endsWith('.list.db'));
    // Its first page written over, as a failing disk would.
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, crypto.randomBytes(4096), 0, 4096, 0);
    fs.closeSync(fd);
    const run = await visaKiosk(['--db', file, 'config', 'list']);
    expect(run).toMatchObject({
      code: 1,
      stderr: `visa-kiosk config list: ${file} is damaged (it can no longer be read as a database): restore a backup: visa-kiosk restore ${path.join(path.dirname(file), 'backups', backup!)} (the latest backup)\n`,
    });
  });

  it('restore calls a 0-byte file empty, not "another application’s", and changes nothing', async () => {
    const file = await demoKiosk();
    const empty = path.join(tempDir(), 'kiosk-2026-11-20T03-00-00Z.db');
    fs.writeFileSync(empty, '');
    const before = fs.readFileSync(file);
    const run = await visaKiosk(['--db', file, 'restore', empty]);
    expect(run).toMatchObject({
      code: 1,
      stderr: `visa-kiosk restore: ${empty} is empty (0 bytes): it is not a backup, perhaps one whose copy was cut short; give another backup file\n`,
    });
    expect(fs.readFileSync(file)).toEqual(before);
  });

  it('export works on a read-only database (this month by default, and to a file), and leaves it untouched', async () => {
    const file = await demoKiosk();
    fs.chmodSync(file, 0o444);
    const before = fs.readFileSync(file);
    const month = await visaKiosk(['--db', file, 'export']);
    expect(month).toMatchObject({ code: 0, stderr: '' });
    expect(month.stdout.trim().split('\n')).toHaveLength(3);
    expect(month.stdout).toContain('HW-0001');
    const out = path.join(tempDir(), 'visits.csv');
    expect(await visaKiosk(['--db', file, 'export', '--from', '2020-01-01', '--to', '2099-12-31', '--out', out])).toMatchObject({ code: 0, stderr: '' });
    expect(fs.readFileSync(out, 'utf8')).toBe(month.stdout);
    expect(fs.readFileSync(file)).toEqual(before);
  });

  it('the data folder it makes is owner-only, like the logs and backups in it', async () => {
    const folder = path.join(tempDir(), 'new', 'kiosk-data');
    expect(await visaKiosk(['--db', path.join(folder, 'kiosk.db'), 'config', 'set', 'visa.staleDays', '7'])).toMatchObject({ code: 0 });
    expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
  });
});

describe('a reader that stops early (| head)', () => {
  it.each([
    ['doctor', ['doctor']],
    ['checkin', ['checkin', 'CC-0002']],
    ['config list', ['config', 'list']],
  ])('%s: the command does its work and says nothing of the closed pipe', async (_, args) => {
    const file = await demoKiosk();
    const { code } = await visaKiosk(['--db', file, ...args]);
    for (const lines of [0, 1]) {
      const run = await piped(['--db', file, ...args], lines);
      expect(run.stdout.split('\n').filter(Boolean).length).toBe(lines);
      expect(run.stderr).not.toMatch(/EPIPE|Unhandled/);
      expect(run.stderr).not.toMatch(STACK_LINE);
      // The exit status is the command's own, as without the pipe.
      expect(run.code).toBe(code);
    }
  });
});

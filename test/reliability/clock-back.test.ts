import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { visaKiosk } from '../fixtures/cli';
import { useTempDir } from '../fixtures/temp';
import { sleep } from '../fixtures/wait';

/**
 * A wall clock set back (a dead clock battery, a wrong manual setting) under the real command
 * line: libfaketime (Debian's faketime package) moves the clock the process reads.
 */

const tempDir = useTempDir();

function libfaketime(): string {
  const found = fs
    .readdirSync('/usr/lib')
    .map((arch) => path.join('/usr/lib', arch, 'faketime', 'libfaketime.so.1'))
    .find((file) => fs.existsSync(file));
  if (!found) throw new Error('libfaketime is missing: install Debian’s faketime package (npm run ci does)');
  return found;
}

/** The environment that runs a process with its wall clock `offset` away (e.g. '-2d'); its monotonic clock is left alone. */
const clockSetBack = (offset: string): NodeJS.ProcessEnv => ({ LD_PRELOAD: libfaketime(), FAKETIME: offset, FAKETIME_DONT_FAKE_MONOTONIC: '1' });

async function kioskWithVisits(): Promise<{ db: string; folder: string }> {
  const dir = tempDir();
  const db = path.join(dir, 'kiosk.db');
  const service = Kiosk.open(db);
  await installDemo(service);
  service.settings.set({ key: 'backup.keep', value: '2' });
  await service.close();
  return { db, folder: path.join(dir, 'backups') };
}

const visitsIn = (file: string) => {
  const conn = new Database(file, { readonly: true });
  try {
    return (conn.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n;
  } finally {
    conn.close();
  }
};

describe('a clock set back two days', () => {
  it('a backup made then is kept, with the latest visits in it, and doctor says the others are dated ahead of the clock', async () => {
    const { db, folder } = await kioskWithVisits();
    const kiosk = (args: string[], env: NodeJS.ProcessEnv = {}) => visaKiosk(['--db', db, ...args], { env });
    expect((await kiosk(['checkin', 'HW-0001'])).code).toBe(0);
    expect((await kiosk(['backup'])).code).toBe(0);
    await sleep(1_100);
    expect((await kiosk(['backup'])).code).toBe(0);

    const back = clockSetBack('-2d');
    expect((await kiosk(['checkin', 'HW-0002'], back)).code).toBe(0);
    const run = await kiosk(['backup'], back);
    expect(run.code, run.stderr).toBe(0);
    const made = run.stdout.match(/ to (\S+\.db)\n/)![1]!;
    // It was named two days back, so the oldest by name: still, it is the one kept.
    expect(fs.existsSync(made), `${made} was reported made, then removed as the oldest\n${run.stdout}`).toBe(true);
    expect(visitsIn(made)).toBe(2);
    expect(fs.readdirSync(folder).filter((n) => n.endsWith('Z.db'))).toHaveLength(2);

    const doctor = await kiosk(['doctor'], back);
    const line = doctor.stdout.split('\n').find((l) => l.includes('backups'))!;
    expect(line).toMatch(/^WARN\s+backups\s+1 of 2 in .* are dated after this clock \(the latest kiosk-.*\.db, 2 days ahead\): the clock went back/);
    // The list was synced before the clock went back: not "0 min ago".
    expect(doctor.stdout).toMatch(/visa list .*last sync dated 2 days after this clock/);
    expect((await kiosk(['visa', 'status'], back)).stdout).toMatch(/^last sync {4}\S+ \(dated 2 days after this clock\)$/m);
  });
});

import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kiosk } from '../../service/kiosk';
import { writeFeed } from '../../bench/data';
import { BIN } from '../fixtures/cli';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';
import { sleep, until } from '../fixtures/wait';

const tempDir = useTempDir();
const MEMBERS = 300_000;
const ORDER = ['admitted/unknown_credential', 'admitted/visa', 'denied/visa'];

async function kioskWithSmallList(dir: string) {
  const db = path.join(dir, 'kiosk.db');
  const service = Kiosk.open(db);
  await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
  service.settings.set({ key: 'space.id', value: 'harbour' });
  const big = path.join(dir, 'big.json');
  writeFeed(big, MEMBERS, smallFeed().spaces, 11);
  return { db, service, big };
}

function importInChild(db: string, feed: string) {
  const child = spawn(process.execPath, [BIN, '--db', db, 'visa', 'import', feed], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

const listFiles = (dir: string) => fs.readdirSync(dir).filter((f) => /-list-[0-9a-f]+\.db$/.test(f));

describe('a large list import', () => {
  it('keeps answering taps from the old list, on another connection, until the new one is installed', async () => {
    const dir = tempDir();
    const { db, service, big } = await kioskWithSmallList(dir);
    const job = importInChild(db, big);
    let running = true;
    void job.exited.then(() => (running = false));
    const answers: string[] = [];
    while (running) {
      const visitor = service.desk.checkin({ credential: 'CC-1' }, { dryRun: true });
      const newcomer = service.desk.checkin({ credential: 'B-5' }, { dryRun: true });
      answers.push(`${visitor.decision}/${newcomer.reason}`);
      service.desk.checkin({ credential: 'HW-1' });
      await sleep(5);
    }
    expect(await job.exited).toBe(0);
    expect(answers.length).toBeGreaterThan(10);
    // Before the switch the old list answers (Ada known, the newcomer not), after it the new one
    // (Ada gone, the newcomer a visa visitor). The switch may fall between the two lookups of one
    // round (Ada from the old list, the newcomer from the new), but the answers never go back.
    const phases = answers.filter((a, i) => a !== answers[i - 1]);
    expect(phases[0]).toBe('admitted/unknown_credential');
    expect(['admitted/unknown_credential', 'admitted/visa', 'denied/visa']).toEqual(expect.arrayContaining(phases));
    expect(phases).toEqual([...phases].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)));
    expect(service.visaList.status()).toMatchObject({ sequence: 11, members: MEMBERS });
    expect(service.desk.checkin({ credential: 'B-5' }, { dryRun: true })).toMatchObject({ decision: 'admitted', member: { id: 'm-5' } });
    // Every tap that was logged during the import is there: one member visit (the rest were repeats).
    expect(service.db.prepare("SELECT count(*) AS n FROM visits WHERE member_id = 'hw-1'").get()).toEqual({ n: 1 });
    await service.close();
  });

  it('killed half-way, leaves the previous list whole and the database sound', async () => {
    const dir = tempDir();
    const { db, service, big } = await kioskWithSmallList(dir);
    service.desk.checkin({ credential: 'CC-1' });
    const installed = listFiles(dir);
    const job = importInChild(db, big);
    // Kill once the new list file is being written.
    await until('the new list file to be written', () => listFiles(dir).length !== installed.length, 20_000, 5);
    await sleep(150);
    job.child.kill('SIGKILL');
    expect(await job.exited).toBe(null);

    expect(service.visaList.status()).toMatchObject({ sequence: 10, members: 6, lastError: null });
    expect(service.desk.checkin({ credential: 'CC-1' })).toMatchObject({ decision: 'admitted', repeat: true });
    expect(service.db.pragma('integrity_check', { simple: true })).toBe('ok');
    await service.close();
    const reopened = new Database(db);
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(reopened.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 1 });
    reopened.close();
  });
});

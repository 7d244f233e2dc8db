import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckinResult } from '../../core/api/checkin';
import { visaKiosk } from '../fixtures/cli';
import { useCaptureQueue } from '../fixtures/cups';
import { freePort } from '../fixtures/servers';
import { openSocketScreen } from '../fixtures/kiosk-socket';
import { checkInVisitors, isRunning, printingKiosk, resultOf, spoolerPids, visaBadgeBytes, visitsToday } from '../fixtures/printing-kiosk';
import { startServe } from '../fixtures/serve';
import { useTempDir } from '../fixtures/temp';
import { sleep, until } from '../fixtures/wait';

const tempDir = useTempDir();
const isRoot = process.getuid?.() === 0;

type Serving = Awaited<ReturnType<typeof startServe>>;
const started: Serving[] = [];
afterEach(async () => {
  for (const serving of started.splice(0)) await serving.stop();
});

async function serve(db: string, env: NodeJS.ProcessEnv) {
  const serving = await startServe(db, [], env);
  started.push(serving);
  const screen = await openSocketScreen(serving.url);
  return { serving, screen, running: () => serving.process.exitCode === null && serving.process.signalCode === null };
}

/** SIGTERM, as a service manager stops the kiosk: how the process ended. */
async function terminate(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  child.kill('SIGTERM');
  return exited;
}

/**
 * Browser mode with a badge printer: every badge used to end `serve` with SIGSEGV (the spooler's
 * native module was unloaded with a worker thread per job). One spooler process now serves the
 * kiosk's whole life, and `serve` stops cleanly with it.
 */
describe.skipIf(!isRoot)('visa-kiosk serve with a badge printer on a real CUPS server', { timeout: 120_000 }, () => {
  const { cups, capture } = useCaptureQueue('desk', 'serve-capture.bin');

  it('prints 20 visa visitors’ badges in a row over the WebSocket, answering after each, and exits 0 on SIGTERM', async () => {
    fs.writeFileSync(capture(), '');
    const db = path.join(tempDir(), 'kiosk.db');
    await printingKiosk(db, { printer: 'desk', visitors: 20 });
    const { serving, screen, running } = await serve(db, { CUPS_SERVER: cups.server });
    const visits = await checkInVisitors(screen, { count: 20, capture: capture(), running, context: () => `${serving.output()}\n${cups.logTail(20)}` });
    const today = await visitsToday(screen);
    for (const visit of visits) expect(today.find((v) => v.id === visit.visitId)).toMatchObject({ badgeStatus: 'printed' });
    // One spooler did all twenty.
    const [spooler, ...others] = spoolerPids(serving.process.pid!);
    expect(others).toEqual([]);
    screen.close();
    expect(await terminate(serving.process)).toEqual({ code: 0, signal: null });
    expect(isRunning(spooler!)).toBe(false);
  });

  it('stays up through badges that fail (no such queue) and with CUPS down, and exits 0 on SIGTERM', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    await printingKiosk(db, { printer: 'gone', visitors: 6 });
    const missing = await serve(db, { CUPS_SERVER: cups.server });
    for (const i of [1, 2, 3]) {
      const visit = resultOf<CheckinResult>(await missing.screen.call('checkin', { credential: `VISA-${i}` }), `check-in ${i}`);
      expect(visit).toMatchObject({ decision: 'admitted', badge: 'pending' });
      expect(await missing.screen.badgeOutcome(visit.visitId!)).toMatchObject({
        status: 'failed',
        detail: 'no printer queue named "gone"; the queues are: desk',
      });
      expect(missing.running()).toBe(true);
      resultOf(await missing.screen.call('kioskInfo'), `kioskInfo after badge ${i}`);
    }
    missing.screen.close();
    expect(await terminate(missing.serving.process)).toEqual({ code: 0, signal: null });

    const down = await serve(db, { CUPS_SERVER: `127.0.0.1:${await freePort()}` });
    for (const i of [4, 5, 6]) {
      const visit = resultOf<CheckinResult>(await down.screen.call('checkin', { credential: `VISA-${i}` }), `check-in ${i}`);
      expect(await down.screen.badgeOutcome(visit.visitId!)).toMatchObject({
        status: 'failed',
        detail: 'CUPS, the print spooler, is not running (start it: sudo systemctl start cups)',
      });
      expect(down.running()).toBe(true);
      resultOf(await down.screen.call('kioskInfo'), `kioskInfo after badge ${i}`);
    }
    down.screen.close();
    expect(await terminate(down.serving.process)).toEqual({ code: 0, signal: null });
  });

  it('a spooler killed mid-job fails that badge with the reason; the next badge starts a new spooler and prints', async () => {
    fs.writeFileSync(capture(), '');
    const db = path.join(tempDir(), 'kiosk.db');
    await printingKiosk(db, { printer: 'desk', visitors: 2 });
    const { serving, screen, running } = await serve(db, { CUPS_SERVER: cups.server });
    await cups.disable('desk');
    try {
      const stuck = resultOf<CheckinResult>(await screen.call('checkin', { credential: 'VISA-1' }), 'check-in');
      await until('the spooler process', () => spoolerPids(serving.process.pid!).length === 1, 10_000);
      // Let the job reach CUPS and wait on the stopped queue.
      await until('the job to wait in the stopped queue', async () => (await cups.tool('lpstat', ['-o', 'desk'])).includes('desk-'), 10_000, 50);
      const [first] = spoolerPids(serving.process.pid!);
      process.kill(first!, 'SIGKILL');
      expect(await screen.badgeOutcome(stuck.visitId!)).toEqual({
        visitId: stuck.visitId,
        status: 'failed',
        detail: 'the print spooler stopped: it was killed (SIGKILL)',
        reason: { state: 'spooler_failed', queue: 'desk' },
      });
      expect(running()).toBe(true);
      await cups.tool('cancel', ['-a', 'desk']);
    } finally {
      await cups.enable('desk');
    }
    const next = resultOf<CheckinResult>(await screen.call('checkin', { credential: 'VISA-2' }), 'check-in');
    expect(await screen.badgeOutcome(next.visitId!)).toMatchObject({ status: 'printed' });
    expect(fs.readFileSync(capture())).toEqual(visaBadgeBytes(next));
    screen.close();
    expect(await terminate(serving.process)).toEqual({ code: 0, signal: null });
  });

  it('stopped while a badge waits on a stopped queue, it cancels the job (no badge comes out later) and exits 0', async () => {
    fs.writeFileSync(capture(), '');
    const db = path.join(tempDir(), 'kiosk.db');
    // Longer than the kiosk waits for badges when it stops: only the stop can cancel the job.
    await printingKiosk(db, { printer: 'desk', visitors: 1, timeoutSeconds: 60 });
    const { serving, screen } = await serve(db, { CUPS_SERVER: cups.server });
    await cups.disable('desk');
    try {
      resultOf(await screen.call('checkin', { credential: 'VISA-1' }), 'check-in');
      await until('the job to wait in the stopped queue', async () => (await cups.tool('lpstat', ['-o', 'desk'])).includes('desk-'), 10_000, 50);
      screen.close();
      expect(await terminate(serving.process)).toEqual({ code: 0, signal: null });
      expect((await cups.tool('lpstat', ['-o', 'desk'])).trim()).toBe('');
    } finally {
      await cups.enable('desk');
    }
    await sleep(1000);
    expect(fs.readFileSync(capture()).length).toBe(0);
  });

  it('visa-kiosk checkin prints the visitor’s badge before the command ends, and records it', async () => {
    fs.writeFileSync(capture(), '');
    const db = path.join(tempDir(), 'kiosk.db');
    await printingKiosk(db, { printer: 'desk', visitors: 1 });
    const checkin = await visaKiosk(['--db', db, 'checkin', 'VISA-1', '--json'], { env: { CUPS_SERVER: cups.server } });
    expect(checkin).toMatchObject({ code: 0, stderr: '' });
    const visit = JSON.parse(checkin.stdout) as CheckinResult;
    expect(fs.readFileSync(capture())).toEqual(visaBadgeBytes(visit));
    const log = new Database(db, { readonly: true });
    expect(log.prepare('SELECT badge_status AS status FROM visits WHERE id = ?').get(visit.visitId)).toEqual({ status: 'printed' });
    log.close();
  });

  it('the spooler does not outlive a kiosk that is killed', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    await printingKiosk(db, { printer: 'desk', visitors: 1 });
    const { serving, screen } = await serve(db, { CUPS_SERVER: cups.server });
    resultOf(await screen.call('checkin', { credential: 'VISA-1' }), 'check-in');
    await until('the spooler process', () => spoolerPids(serving.process.pid!).length === 1, 10_000);
    const [spooler] = spoolerPids(serving.process.pid!);
    screen.close();
    serving.process.kill('SIGKILL');
    await until(`spooler ${spooler} to exit with its kiosk`, () => !isRunning(spooler!), 5000, 20);
  });
});

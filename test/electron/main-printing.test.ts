import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { BadgeStatus } from '../../core/api/printer';
import type { CheckinResult } from '../../core/api/checkin';
import { IPC } from '../../electron/ipc-channels';
import { builtFile } from '../fixtures/built';
import { useCaptureQueue } from '../fixtures/cups';
import { freePort } from '../fixtures/servers';
import {
  BadgeStatuses,
  checkInVisitors,
  isRunning,
  MANAGER_PIN,
  printingKiosk,
  resultOf,
  spoolerPids,
  visitsToday,
  type KioskScreen,
  type Reply,
} from '../fixtures/printing-kiosk';
import { useTempDir } from '../fixtures/temp';
import { sleep, until } from '../fixtures/wait';

const tempDir = useTempDir();
const isRoot = process.getuid?.() === 0;
const REGISTER = fileURLToPath(new URL('./fake-app/register.mjs', import.meta.url));
/** electron/app-protocol's KIOSK_URL (that module loads Electron itself). */
const KIOSK_URL = 'app://kiosk/index.html';

type Exit = { code: number | null; signal: NodeJS.Signals | null };

interface RunningApp {
  process: ChildProcess;
  screen: KioskScreen;
  running: () => boolean;
  exited: Promise<Exit>;
  output: () => string;
}

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * The built Electron main process (dist/node/main.js), run by Node with `electron` replaced by the
 * stand-in in fake-app/; the test is the kiosk page, calling over the stand-in's IPC.
 */
async function startApp(db: string, env: NodeJS.ProcessEnv): Promise<RunningApp> {
  const child = fork(builtFile('main.js'), [], {
    execArgv: ['--import', REGISTER],
    env: { ...process.env, VISA_KIOSK_DB: db, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d));
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const statuses = new BadgeStatuses();
  const waiting = new Map<number, (reply: Reply) => void>();
  let loaded = '';
  child.on('message', (message: { loaded?: string; sent?: unknown[]; reply?: { id: number; value: Reply } }) => {
    if (message.loaded) loaded = message.loaded;
    if (message.sent?.[0] === IPC.event && message.sent[1] === 'badgeStatus') statuses.add(message.sent[2] as BadgeStatus);
    if (message.reply) {
      waiting.get(message.reply.id)?.(message.reply.value);
      waiting.delete(message.reply.id);
    }
  });
  void exited.then(({ code, signal }) => {
    statuses.lose(`the app exited (code ${code}, signal ${signal})`);
    for (const resolve of waiting.values()) resolve({ ok: false, error: { code: 'exited', message: `the app exited (code ${code}, signal ${signal})` } });
    waiting.clear();
  });
  await until(
    () => `the app to load the kiosk page\n${output}`,
    () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the app exited: ${output}`);
      return loaded === KIOSK_URL;
    },
    15_000,
    20,
  );
  let nextId = 1;
  const invoke = (channel: string, ...args: unknown[]) =>
    new Promise<Reply>((resolve) => {
      const id = nextId++;
      if (!child.connected) return resolve({ ok: false, error: { code: 'exited', message: `the app is gone (${output.trim().split('\n').at(-1) ?? ''})` } });
      waiting.set(id, resolve);
      child.send({ invoke: { id, channel, args } }, () => {});
    });
  return {
    process: child,
    screen: { call: (method, input = {}) => invoke(IPC.call, method, input), badgeOutcome: (visitId) => statuses.outcome(visitId) },
    running: () => child.exitCode === null && child.signalCode === null,
    exited,
    output: () => output,
  };
}

/** The Electron app used to die the same way as serve: SIGSEGV after every badge, from the spooler's native module. */
describe.skipIf(!isRoot)('the Electron app’s main process with a badge printer on a real CUPS server', { timeout: 120_000 }, () => {
  const { cups, capture } = useCaptureQueue('desk', 'app-capture.bin');

  it('prints 20 visa visitors’ badges in a row, answering the page after each, and exits 0 on SIGTERM', async () => {
    fs.writeFileSync(capture(), '');
    const db = path.join(tempDir(), 'kiosk.db');
    await printingKiosk(db, { printer: 'desk', visitors: 20 });
    const app = await startApp(db, { CUPS_SERVER: cups.server });
    const visits = await checkInVisitors(app.screen, { count: 20, capture: capture(), running: app.running, context: app.output });
    const today = await visitsToday(app.screen);
    for (const visit of visits) expect(today.find((v) => v.id === visit.visitId)).toMatchObject({ badgeStatus: 'printed' });
    const spoolers = spoolerPids(app.process.pid!);
    expect(spoolers).toHaveLength(1);
    app.process.kill('SIGTERM');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    await until('the spooler to end with the app', () => !isRunning(spoolers[0]!), 5000, 20);
  });

  it('quit while a badge waits on a stopped queue: the spooler, ended as Electron ends a utility process, cancels the job', async () => {
    fs.writeFileSync(capture(), '');
    const db = path.join(tempDir(), 'kiosk.db');
    await printingKiosk(db, { printer: 'desk', visitors: 1, timeoutSeconds: 60 });
    const app = await startApp(db, { CUPS_SERVER: cups.server });
    await cups.disable('desk');
    try {
      resultOf(await app.screen.call('checkin', { credential: 'VISA-1' }), 'check-in');
      await until('the job to wait in the stopped queue', async () => (await cups.tool('lpstat', ['-o', 'desk'])).includes('desk-'), 10_000, 50);
      app.process.kill('SIGTERM');
      expect(await app.exited).toEqual({ code: 0, signal: null });
      expect((await cups.tool('lpstat', ['-o', 'desk'])).trim()).toBe('');
    } finally {
      await cups.enable('desk');
    }
    await sleep(1000);
    expect(fs.readFileSync(capture()).length).toBe(0);
  });

  it('stays up through a badge for a queue that is not there and one with CUPS down; a manager’s PIN quits it with exit 0', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    await printingKiosk(db, { printer: 'gone', visitors: 4 });
    const missing = await startApp(db, { CUPS_SERVER: cups.server });
    for (const i of [1, 2]) {
      const visit = resultOf<CheckinResult>(await missing.screen.call('checkin', { credential: `VISA-${i}` }), `check-in ${i}`);
      expect(await missing.screen.badgeOutcome(visit.visitId!)).toMatchObject({
        status: 'failed',
        detail: 'no printer queue named "gone"; the queues are: desk',
      });
      expect(missing.running()).toBe(true);
    }
    missing.process.kill('SIGTERM');
    expect(await missing.exited).toEqual({ code: 0, signal: null });

    const down = await startApp(db, { CUPS_SERVER: `127.0.0.1:${await freePort()}` });
    for (const i of [3, 4]) {
      const visit = resultOf<CheckinResult>(await down.screen.call('checkin', { credential: `VISA-${i}` }), `check-in ${i}`);
      expect(await down.screen.badgeOutcome(visit.visitId!)).toMatchObject({
        status: 'failed',
        detail: 'CUPS, the print spooler, is not running (start it: sudo systemctl start cups)',
      });
      expect(down.running()).toBe(true);
      resultOf(await down.screen.call('kioskInfo'), `kioskInfo after badge ${i}`);
    }
    const [spooler] = spoolerPids(down.process.pid!);
    down.process.send({ invoke: { id: 0, channel: IPC.exit, args: [MANAGER_PIN] } }, () => {});
    expect(await down.exited).toEqual({ code: 0, signal: null });
    await until('the spooler to end with the app', () => !isRunning(spooler!), 5000, 20);
  });
});

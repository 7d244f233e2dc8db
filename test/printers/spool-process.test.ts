import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Badge } from '../../core/badge';
import { BadgePrinter } from '../../drivers/printers/badge-printer';
import { SpoolProcess } from '../../drivers/printers/spool-process';
import { zplBadge } from '../../drivers/printers/zpl-badge';
import { builtFile } from '../fixtures/built';
import { CAPTURE_SCHEME, CupsServer, installCaptureBackend, removeCaptureBackend } from '../fixtures/cups';
import { isRunning, spoolerPids } from '../fixtures/printing-kiosk';
import { until } from '../fixtures/wait';

const isRoot = process.getuid?.() === 0;
const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const spool of closing.splice(0)) await spool.close();
});

const visitor = (i: number): Badge => ({
  name: `Visitor ${i}`,
  kind: 'visa',
  homeSpace: 'Cedar Commons',
  hostSpace: 'Harbour Works',
  validOn: '2026-11-21',
  visitId: 100 + i,
});

/** The one spooler process this test process has started. */
async function theSpooler(): Promise<number> {
  await until('the spooler process', () => spoolerPids(process.pid).length === 1, 10_000);
  return spoolerPids(process.pid)[0]!;
}

describe.skipIf(!isRoot)('the print spooler process, on a real CUPS server', () => {
  const cups = new CupsServer();
  const capture = () => path.join(cups.dir, 'spool-capture.bin');

  beforeAll(async () => {
    installCaptureBackend();
    await cups.start();
    // The spooler process is forked with this environment: libcups finds the private server.
    process.env.CUPS_SERVER = cups.server;
    await cups.addQueue('desk', `${CAPTURE_SCHEME}:${capture()}`);
  });
  afterAll(async () => {
    await cups.stop();
    removeCaptureBackend();
    delete process.env.CUPS_SERVER;
  });

  it('prints several badges in flight at once, each with its own outcome, all in one process', async () => {
    fs.writeFileSync(capture(), '');
    const printer = new BadgePrinter({ spooler: { file: builtFile('spooler-process.js') } });
    closing.push(printer);
    const settings = { name: 'desk', format: 'zpl', label: '4x3in', timeoutSeconds: 10 } as const;
    const [missing, ...outcomes] = await Promise.all([
      printer.print(visitor(0), { ...settings, name: 'gone' }),
      ...[1, 2, 3, 4, 5].map((i) => printer.print(visitor(i), settings)),
    ]);
    expect(missing).toEqual({
      status: 'failed',
      jobId: null,
      detail: 'no printer queue named "gone"; the queues are: desk',
      reason: { state: 'not_found', queue: 'gone' },
    });
    expect(outcomes.map((o) => o.status)).toEqual(['printed', 'printed', 'printed', 'printed', 'printed']);
    expect(new Set(outcomes.map((o) => o.jobId)).size).toBe(5);
    const captured = fs.readFileSync(capture());
    const badges = [1, 2, 3, 4, 5].map((i) => zplBadge(visitor(i), '4x3in'));
    for (const badge of badges) expect(captured.includes(badge)).toBe(true);
    expect(captured.length).toBe(badges.reduce((sum, b) => sum + b.length, 0));
    expect(spoolerPids(process.pid)).toHaveLength(1);
  });

  it('gives up on a frozen spooler after the time limit, kills it, and starts a new one for the next request', async () => {
    const spool = new SpoolProcess(builtFile('spooler-process.js'));
    closing.push(spool);
    expect(await spool.run({ kind: 'queues' }, 10_000)).toMatchObject({ ok: true, queues: [{ name: 'desk' }] });
    const frozen = await theSpooler();
    process.kill(frozen, 'SIGSTOP');
    const [late, waiting] = await Promise.all([spool.run({ kind: 'queues' }, 1000), spool.run({ kind: 'queues' }, 10_000)]);
    expect(late).toEqual({ ok: false, message: 'the print spooler did not answer within 1 s' });
    expect(waiting).toEqual({ ok: false, message: 'the print spooler stopped: it did not answer within 1 s and was restarted' });
    await until('the frozen spooler to be gone', () => !isRunning(frozen), 5000);
    expect(await spool.run({ kind: 'queues' }, 10_000)).toMatchObject({ ok: true, queues: [{ name: 'desk' }] });
    expect(await theSpooler()).not.toBe(frozen);
  });

  it('close ends the spooler; a job still running and a request after it fail, saying why', async () => {
    await cups.disable('desk');
    try {
      const printer = new BadgePrinter({ spooler: { file: builtFile('spooler-process.js') } });
      const stuck = printer.print(visitor(1), { name: 'desk', format: 'zpl', label: '4x3in', timeoutSeconds: 30 });
      const spooler = await theSpooler();
      await until('the job to wait in the stopped queue', async () => (await cups.tool('lpstat', ['-o', 'desk'])).includes('desk-'), 10_000, 50);
      await printer.close();
      expect(isRunning(spooler)).toBe(false);
      expect(await stuck).toEqual({
        status: 'failed',
        jobId: null,
        detail: 'the print spooler stopped: the kiosk is closing',
        reason: { state: 'spooler_failed', queue: 'desk' },
      });
      expect(await printer.print(visitor(2), { name: 'desk', format: 'zpl', label: '4x3in' })).toEqual({
        status: 'failed',
        jobId: null,
        detail: 'the print spooler stopped: the kiosk is closing',
        reason: { state: 'spooler_failed', queue: 'desk' },
      });
      expect(spoolerPids(process.pid)).toEqual([]);
    } finally {
      await cups.tool('cancel', ['-a', 'desk']);
      await cups.enable('desk');
    }
  });
});

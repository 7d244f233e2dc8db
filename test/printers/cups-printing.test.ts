import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { Badge, PrinterSettingsInput } from '../../core/badge';
import { BadgePrinter } from '../../drivers/printers/badge-printer';
import { escposBadge } from '../../drivers/printers/escpos-badge';
import { zplBadge } from '../../drivers/printers/zpl-badge';
import { builtFile } from '../fixtures/built';
import { CAPTURE_SCHEME, CupsServer, installCaptureBackend, removeCaptureBackend } from '../fixtures/cups';
import { cupsPdfOutput } from '../fixtures/cups-pdf';
import { SocketPrinter } from '../fixtures/socket-printer';
import { until } from '../fixtures/wait';

const run = promisify(execFile);
const ARTIFACTS = path.resolve('artifacts/badges');
const isRoot = process.getuid?.() === 0;

const juergen: Badge = { name: 'Jürgen Groß', kind: 'visa', homeSpace: 'Spreewerk', hostSpace: 'Harbour Works', validOn: '2026-11-21', visitId: 42 };
const hanako: Badge = { name: '佐藤 花子', kind: 'guest', homeSpace: 'Kumo Lab', hostSpace: 'Harbour Works', validOn: '2026-11-21', visitId: 7 };

describe.skipIf(!isRoot)('badge printing through a real CUPS server', () => {
  const cups = new CupsServer();
  const capture = () => path.join(cups.dir, 'capture.bin');
  const zebraFile = () => path.join(cups.dir, 'zebra.bin');
  let zebra: SocketPrinter;
  let printer: BadgePrinter;

  beforeAll(async () => {
    installCaptureBackend();
    await cups.start();
    // libcups reads this on each thread's first call: set before node-printer is first used.
    process.env.CUPS_SERVER = cups.server;
    zebra = new SocketPrinter(zebraFile());
    await zebra.start();
    await cups.addQueue('capture', `${CAPTURE_SCHEME}:${capture()}`, ['-D', 'Front desk receipt printer']);
    await cups.addQueue('zebra', zebra.uri, ['-D', 'Zebra ZD421 (network)']);
    // The cups-pdf queue renders PDF to PostScript with cairo: Ghostscript's rendering loses the
    // fonts' Unicode maps, which would leave the resulting PDF's text unsearchable.
    await cups.addQueue('pdf', 'cups-pdf:/', ['-P', '/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd', '-o', 'pdftops-renderer-default=pdftocairo']);
    await cups.addQueue('broken', `${CAPTURE_SCHEME}:${path.join(cups.dir, 'no-such-folder', 'x.bin')}`, ['-o', 'printer-error-policy=abort-job']);
    printer = new BadgePrinter();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await zebra?.stop();
    await cups.stop();
    removeCaptureBackend();
    delete process.env.CUPS_SERVER;
  });

  beforeEach(() => {
    fs.writeFileSync(capture(), '');
  });

  const print = async (badge: Badge, settings: PrinterSettingsInput) => {
    const outcome = await printer.print(badge, settings);
    if (outcome.status !== 'printed') throw new Error(`${outcome.detail}\n${cups.logTail()}`);
    return outcome;
  };

  it('lists the queues with their state and description', async () => {
    const queues = await printer.queues();
    expect(queues.map((q) => q.name).sort()).toEqual(['broken', 'capture', 'pdf', 'zebra']);
    expect(queues.find((q) => q.name === 'zebra')).toEqual({
      name: 'zebra',
      state: 'idle',
      acceptingJobs: true,
      isDefault: false,
      description: 'Zebra ZD421 (network)',
      message: '',
    });
  });

  it('delivers ZPL and ESC/POS to a raw queue byte for byte', async () => {
    const zpl = await print(juergen, { name: 'capture', format: 'zpl', label: '4x3in' });
    expect(zpl.jobId).toBeGreaterThan(0);
    const expected = zplBadge(juergen, '4x3in');
    expect(fs.readFileSync(capture())).toEqual(expected);
    const text = expected.toString('utf8');
    for (const part of ['Jürgen Groß', 'from Spreewerk', 'at Harbour Works', '^FDQA,visit:42^FS']) expect(text).toContain(part);

    fs.writeFileSync(capture(), '');
    await print(juergen, { name: 'capture', format: 'escpos', label: '62x100mm' });
    const receipt = fs.readFileSync(capture());
    expect(receipt).toEqual(escposBadge(juergen));
    expect(receipt.includes(Buffer.from('J\xfcrgen Gro\xdf', 'latin1'))).toBe(true);
    expect(receipt.includes(Buffer.from('visit:42'))).toBe(true);
  });

  it('delivers ZPL to a network label printer on socket://', async () => {
    await print(hanako, { name: 'zebra', format: 'zpl', label: '89x36mm' });
    const expected = zplBadge(hanako, '89x36mm');
    await until('the label printer to receive the badge', () => fs.existsSync(zebraFile()) && fs.statSync(zebraFile()).size >= expected.length, 5000, 25);
    expect(fs.readFileSync(zebraFile())).toEqual(expected);
    // Font 0 has no Japanese: the name goes as a ^GF graphic (see printer-graphics.test.ts).
    for (const part of ['^GFA,', 'from Kumo Lab', '^FDQA,visit:7^FS']) expect(expected.toString('utf8')).toContain(part);
  });

  it.each([
    ['62x100mm', juergen, [175.7, 283.5], 'Jürgen Groß'],
    ['4x3in', hanako, [288, 216], '佐藤 花子'],
    ['89x36mm', juergen, [252.3, 102], 'Jürgen Groß'],
    ['cr80', hanako, [242.6, 153.1], '佐藤 花子'],
  ] as const)('prints a %s PDF through cups-pdf at the label size, text intact', async (label, badge, [width, height], name) => {
    const since = Date.now();
    const outcome = await print(badge, { name: 'pdf', format: 'pdf', label });
    const file = await cupsPdfOutput(outcome.jobId!, since);
    const copy = path.join(ARTIFACTS, `printed-${label}.pdf`);
    fs.copyFileSync(file, copy);
    fs.rmSync(file);
    const info = (await run('pdfinfo', [copy])).stdout;
    // cups-pdf's Ghostscript turns landscape pages into portrait ones shown rotated (/Rotate 90).
    const [, w, h] = info.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/)!.map(Number);
    const turned = /Page rot:\s+(90|270)\n/.test(info);
    const [shownWidth, shownHeight] = turned ? [h!, w!] : [w!, h!];
    // CUPS rounds a custom media size to whole points.
    expect(Math.abs(shownWidth - width)).toBeLessThan(1);
    expect(Math.abs(shownHeight - height)).toBeLessThan(1);
    expect(info).toMatch(/Pages:\s+1\n/);
    const text = (await run('pdftotext', [copy, '-'])).stdout;
    expect(text).toContain(name);
    expect(text).toContain('at Harbour Works');
    await run('pdftoppm', ['-png', '-r', '100', '-singlefile', copy, path.join(ARTIFACTS, `printed-${label}`)]);
    fs.rmSync(copy);
  });

  it('reports a job on a disabled queue as timed out, and prints again once the queue is enabled', async () => {
    await cups.disable('capture');
    const stalled = await printer.print(juergen, { name: 'capture', format: 'zpl', label: '4x3in', timeoutSeconds: 3 });
    expect(stalled.status).toBe('failed');
    expect(stalled.detail).toMatch(/^timed out after 3 s: the printer did not answer \(the queue "capture" is stopped/);
    await cups.enable('capture');
    await print(hanako, { name: 'capture', format: 'escpos', label: '62x100mm' });
    // The timed-out job was cancelled: only the new badge came out.
    expect(fs.readFileSync(capture())).toEqual(escposBadge(hanako));
  });

  it('names the queues when asked for one that does not exist', async () => {
    const outcome = await printer.print(juergen, { name: 'nope', format: 'pdf', label: 'cr80' });
    expect(outcome).toEqual({
      status: 'failed',
      jobId: null,
      detail: 'no printer queue named "nope"; the queues are: broken, capture, pdf, zebra',
      reason: { state: 'not_found', queue: 'nope' },
    });
  });

  it('reports a job the printer aborts, with the backend’s reason', async () => {
    const outcome = await printer.print(juergen, { name: 'broken', format: 'zpl', label: '4x3in', timeoutSeconds: 10 });
    expect(outcome.status).toBe('failed');
    expect(outcome.jobId).toBeGreaterThan(0);
    expect(outcome.detail).toMatch(/^the printer aborted the job on "broken"/);
  });

  it('prints from the spooler process, leaving the kiosk’s thread free meanwhile', async () => {
    const threaded = new BadgePrinter({ spooler: { file: builtFile('spooler-process.js') } });
    onTestFinished(() => threaded.close());
    expect((await threaded.queues()).length).toBe(4);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    await cups.disable('capture');
    const stalled = await threaded.print(juergen, { name: 'capture', format: 'zpl', label: '4x3in', timeoutSeconds: 2 });
    clearInterval(ticker);
    await cups.enable('capture');
    expect(stalled.detail).toMatch(/^timed out after 2 s/);
    expect(ticks).toBeGreaterThan(100);
    await expect(threaded.print(juergen, { name: 'capture', format: 'zpl', label: '62x100mm' })).resolves.toMatchObject({ status: 'printed' });
    expect(fs.readFileSync(capture())).toEqual(zplBadge(juergen, '62x100mm'));
  });
});

import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, visaKiosk } from '../fixtures/cli';
import { em4100Frame } from '../fixtures/frames';
import { PtyDevice } from '../../bench/pty';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';

const tempDir = useTempDir();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('visa-kiosk readers', () => {
  it('readers watch prints each credential read from a real pty, one JSON object per line', async () => {
    const pty = new PtyDevice(tempDir());
    await pty.start();
    cleanup.push(() => pty.stop());
    const child = spawn(process.execPath, [BIN, 'readers', 'watch', '--serial', pty.readerPath, '--protocol', 'em4100', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    cleanup.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });

    await until('the reader to connect', () => stderr.includes('reader connected'));
    await pty.write(em4100Frame('0F00A1B2C3'));
    await until('a line on stdout', () => stdout.includes('\n'));
    expect(JSON.parse(stdout.trim())).toMatchObject({ kind: 'rfid', value: '0F00A1B2C3', readerId: 'watch' });

    await pty.write(em4100Frame('1000A1B200', { corrupt: true }));
    await until('the bad frame reported', () => stderr.includes('1 bad reads'));
    expect(stdout.trim().split('\n')).toHaveLength(1);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('readers watch refuses a half-given reader with exit 2', async () => {
    const run = await visaKiosk(['readers', 'watch', '--protocol', 'em4100']);
    expect(run).toMatchObject({ code: 2 });
    expect(run.stderr).toMatch(/give exactly one of --serial PATH or --hid VID:PID/);
    const bad = await visaKiosk(['readers', 'watch', '--hid', '0c2e', '--protocol', 'hidpos']);
    expect(bad.stderr).toMatch(/^visa-kiosk readers watch: --hid takes the reader's VID:PID in hex, e.g. 0c2e:0b61\n/);
  });

  it('readers watch --confirm takes 1 to 5 for a serial reader, and refuses it elsewhere with exit 2', async () => {
    expect(await visaKiosk(['readers', 'watch', '--serial', '/dev/ttyNOPE', '--confirm', '0'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('confirmReads: must be a whole number from 1 to 5 (2 for an RDM6300)'),
    });
    expect(await visaKiosk(['readers', 'watch', '--hid', '0c2e:0b61', '--confirm', '2'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--confirm is for serial readers'),
    });
  });

  it.each([
    [['--serial', '/dev/ttyNOPE', '--protocol', 'em4100', '--form', 'decimal'], 'applies only to line readers'],
    [['--serial', '/dev/ttyNOPE', '--protocol', 'wiegand', '--form', 'hex-reversed'], 'applies only to line readers'],
    [['--serial', '/dev/ttyNOPE', '--form', 'decimal'], 'applies only to line readers'],
    [['--hid', '0c2e:0b61', '--protocol', 'hidpos', '--form', 'decimal'], 'applies only to keyboard-mode readers'],
  ])('readers watch %j refuses a --form the reader would ignore, with exit 2 and the reason', async (args, reason) => {
    const run = await visaKiosk(['readers', 'watch', ...args]);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr.split('\n')[0]).toMatch(new RegExp(`^visa-kiosk readers watch: form: ${reason}`));
  });

  it('a readers setting that gives form to an em4100 reader is refused, and the old setting kept', async () => {
    const db = path.join(tempDir(), 'k.db');
    const line = [{ id: 'desk', type: 'serial', path: '/dev/ttyUSB3', protocol: 'line', form: 'decimal' }];
    expect((await visaKiosk(['--db', db, 'config', 'set', 'readers', JSON.stringify(line)])).code).toBe(0);
    const bad = await visaKiosk([
      '--db',
      db,
      'config',
      'set',
      'readers',
      JSON.stringify([{ id: 'desk', type: 'serial', path: '/dev/ttyUSB3', protocol: 'em4100', form: 'decimal' }]),
    ]);
    expect(bad).toMatchObject({ code: 1, stdout: '' });
    expect(bad.stderr).toMatch(/^visa-kiosk config set: .*form.*applies only to line readers.*\n$/);
    expect(JSON.parse((await visaKiosk(['--db', db, 'config', 'get', 'readers'])).stdout)).toEqual([expect.objectContaining(line[0])]);
  });

  it('a configured RDM6300 keeps its confirmReads; a bad one is refused and the old setting kept', async () => {
    const db = path.join(tempDir(), 'k.db');
    const rdm = [{ id: 'front', type: 'serial', path: '/dev/ttyUSB7', protocol: 'em4100', confirmReads: 2 }];
    expect((await visaKiosk(['--db', db, 'config', 'set', 'readers', JSON.stringify(rdm)])).code).toBe(0);
    const bad = await visaKiosk(['--db', db, 'config', 'set', 'readers', JSON.stringify([{ ...rdm[0], confirmReads: 9 }])]);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('confirmReads: must be a whole number from 1 to 5') });
    expect(JSON.parse((await visaKiosk(['--db', db, 'config', 'get', 'readers'])).stdout)).toEqual([expect.objectContaining({ confirmReads: 2 })]);
  });

  it('readers --json lists devices and the configured readers', async () => {
    const db = path.join(tempDir(), 'k.db');
    const configs = [{ id: 'front', type: 'serial', path: '/dev/ttyUSB7', protocol: 'em4100' }];
    expect((await visaKiosk(['--db', db, 'config', 'set', 'readers', JSON.stringify(configs)])).code).toBe(0);
    const run = await visaKiosk(['--db', db, 'readers', '--json']);
    expect(run.code).toBe(0);
    const listing = JSON.parse(run.stdout) as { devices: unknown[]; configured: unknown[]; problems: string[] };
    expect(listing.configured).toEqual([expect.objectContaining({ id: 'front', path: '/dev/ttyUSB7', baudRate: 9600 })]);
    expect(Array.isArray(listing.devices)).toBe(true);
  });

  it('refuses a readers setting that is not a valid reader list, and keeps the old one', async () => {
    const db = path.join(tempDir(), 'k.db');
    const run = await visaKiosk(['--db', db, 'config', 'set', 'readers', '[{"id":"x","type":"serial","protocol":"em4100"}]']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/needs a path or a USB match/);
    expect((await visaKiosk(['--db', db, 'config', 'get', 'readers'])).stdout).toBe('[]\n');
  });
});

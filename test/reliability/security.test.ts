import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demoFeed } from '../../service/demo-data';
import { BIN, visaKiosk } from '../fixtures/cli';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';
import { Screen } from './screen';
import { serve, type ServeProcess } from './serve-process';
import { addStaff } from '../fixtures/staff';

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Runs a command with umask 000, so a file that comes out owner-only was made so on purpose. */
const WIDE_OPEN = ['sh', '-c', 'umask 000 && exec "$@"', 'sh'];

function cliWideOpen(args: string[], input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(WIDE_OPEN[0]!, [...WIDE_OPEN.slice(1), process.execPath, BIN, ...args], { env: { ...process.env, VISA_KIOSK_DB: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

async function wideOpenKiosk(dir: string): Promise<ServeProcess> {
  const kiosk = await serve(path.join(dir, 'kiosk.db'), ['--demo'], {}, WIDE_OPEN);
  cleanup.push(() => kiosk.kill('SIGKILL'));
  return kiosk;
}

describe('files that hold people’s names are created owner-only (0600), whatever the umask', () => {
  it('the database, its -wal and -shm, the visa list file, an export, and a backup', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const kiosk = await wideOpenKiosk(dir);
    const screen = await Screen.open(kiosk.url);
    cleanup.push(() => screen.close());
    expect(await screen.call('checkin', { credential: 'CC-0001' })).toMatchObject({ ok: true, result: { decision: 'admitted' } });
    expect(await screen.call('sellDayPass', { name: 'Walk In', email: 'walk.in@example.net' })).toMatchObject({ ok: true });

    const lists = fs.readdirSync(dir).filter((f) => /^kiosk\.db-list-[0-9a-f]+\.db$/.test(f));
    expect(lists).toHaveLength(1);
    // While the kiosk runs: the write-ahead log and its index exist beside the database.
    for (const file of ['kiosk.db', 'kiosk.db-wal', 'kiosk.db-shm', lists[0]!]) expect([file, mode(path.join(dir, file))]).toEqual([file, 0o600]);
    await kiosk.kill('SIGTERM');

    const out = path.join(dir, 'visits.csv');
    const exported = await cliWideOpen(['--db', db, 'export', '--from', '2020-01-01', '--to', '2099-12-31', '--out', out]);
    expect(exported.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('Walk In');
    expect(mode(out)).toBe(0o600);

    const made = await cliWideOpen(['--db', db, 'backup', '--out', path.join(dir, 'kiosk-backup.db'), '--json']);
    expect(made.code, made.stderr).toBe(0);
    const { file, listFile } = JSON.parse(made.stdout) as { file: string; listFile: string | null };
    expect(mode(file)).toBe(0o600);
    if (listFile) expect(mode(path.isAbsolute(listFile) ? listFile : path.join(path.dirname(file), listFile))).toBe(0o600);
  });
});

describe('no names, emails or PINs in what the kiosk logs', () => {
  it('after taps, a day pass, staff signing in (and a wrong PIN), a failing reader and a failing sync', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const MANAGER_PIN = '73915846';
    const WRONG_PIN = '64829173';
    await addStaff(db, { name: 'Quentin Desk-Manager', role: 'manager', pin: MANAGER_PIN });
    expect(
      (
        await visaKiosk([
          '--db',
          db,
          'config',
          'set',
          'readers',
          JSON.stringify([{ id: 'desk', type: 'serial', path: path.join(dir, 'ttyNOPE'), protocol: 'em4100' }]),
        ])
      ).code,
    ).toBe(0);
    expect((await visaKiosk(['--db', db, 'config', 'set', 'visa.feedUrl', 'http://127.0.0.1:1/list.json'])).code).toBe(0);
    const kiosk = await serve(db, ['--demo']);
    cleanup.push(() => kiosk.kill('SIGKILL'));
    const screen = await Screen.open(kiosk.url);
    cleanup.push(() => screen.close());
    for (const credential of ['HW-0001', 'CC-0001', 'CC-0005', 'KL-0001', 'NOBODY-1']) expect((await screen.call('checkin', { credential })).ok).toBe(true);
    expect(await screen.call('sellDayPass', { name: 'Zed Guestperson', email: 'zed.guestperson@example.net', company: 'Acme Secret Co' })).toMatchObject({
      ok: true,
    });
    expect(await screen.call('signIn', { staffId: 1, pin: WRONG_PIN })).toMatchObject({
      ok: true,
      result: { refusal: { refused: 'wrong_pin', triesLeft: 4 } },
    });
    expect(await screen.call('signIn', { staffId: 1, pin: MANAGER_PIN })).toMatchObject({ ok: true, result: { staff: { role: 'manager' } } });
    expect(await screen.call('erasePerson', { email: 'zed.guestperson@example.net' })).toMatchObject({ ok: true });
    expect((await screen.call('checkinMember', { memberId: 'cc-0006', overrideReason: 'Renewal paid at the desk' })).ok).toBe(true);
    expect(await screen.call('searchMembers', { query: 'Lovelace' })).toMatchObject({ ok: true });
    // The sync gives up after its retries (about 3 s) and says so.
    await until('the failed sync to be logged', () => kiosk.output().includes('127.0.0.1:1'), 10_000, 50);
    await kiosk.kill('SIGTERM');

    const logFiles = (folder: string): string[] =>
      fs
        .readdirSync(folder, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? logFiles(path.join(folder, e.name)) : /\.log(\.\d+)?$/.test(e.name) ? [path.join(folder, e.name)] : []));
    const logged = [kiosk.output(), ...logFiles(dir).map((f) => fs.readFileSync(f, 'utf8'))].join('\n');
    // Something was logged (the missing reader, the failed sync), so silence is not what passes.
    expect(logged).toMatch(/ttyNOPE|127\.0\.0\.1:1/);
    const people = demoFeed().members.filter((m) => ['hw-0001', 'cc-0001', 'cc-0005', 'cc-0006', 'kl-0001'].includes(m.id));
    const secrets = [
      ...people.flatMap((m) => [m.name, m.email]),
      'Zed Guestperson',
      'zed.guestperson@example.net',
      'Acme Secret Co',
      'Quentin Desk-Manager',
      MANAGER_PIN,
      WRONG_PIN,
      'Renewal paid at the desk',
      'Lovelace',
    ];
    expect(secrets.filter((secret) => logged.includes(secret))).toEqual([]);
  });
});

describe('the WebSocket, as served by `visa-kiosk serve`', () => {
  const open = (url: string, headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.once('open', () => {
        socket.terminate();
        resolve(101);
      });
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.once('error', reject);
    });

  it('listens on loopback only, by default', async () => {
    const kiosk = await wideOpenKiosk(tempDir());
    const { port, hostname } = new URL(kiosk.url);
    expect(hostname).toBe('127.0.0.1');
    const lan = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (lan) await expect(open(`ws://${lan.address}:${port}/api`, { Origin: `http://${lan.address}:${port}` })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('takes a socket only from the page’s own origin on a loopback address: not another site, not none, not a rebound DNS name', async () => {
    const kiosk = await wideOpenKiosk(tempDir());
    const { port } = new URL(kiosk.url);
    const api = `ws://127.0.0.1:${port}/api`;
    expect(await open(api, { Origin: `http://127.0.0.1:${port}` })).toBe(101);
    expect(await open(api, { Origin: `http://localhost:${port}`, Host: `localhost:${port}` })).toBe(101);
    expect(await open(api, { Origin: 'https://evil.example' })).toBe(403);
    expect(await open(api, { Origin: `http://127.0.0.1:${Number(port) + 1}` })).toBe(403);
    expect(await open(api, {})).toBe(403);
    // DNS rebinding: the attacker's name now points at 127.0.0.1, so Origin and Host agree, on the attacker's name.
    expect(await open(api, { Origin: `http://rebind.evil.example:${port}`, Host: `rebind.evil.example:${port}` })).toBe(403);
    expect(kiosk.output()).toMatch(/refused a WebSocket .*: 403/);
  });
});

// The processes a soak runs: the kiosk's command line, `visa-kiosk serve`, and socat's pty pair standing in for a reader.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'visa-kiosk.js');

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function run(args, input = '') {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, VISA_KIOSK_DB: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

export async function must(args, input) {
  const result = await run(args, input);
  if (result.code !== 0) throw new Error(`visa-kiosk ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result;
}

export function rssBytes(pid) {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  } catch {
    return null;
  }
}

export async function startSocat(dir) {
  const reader = path.join(dir, 'ttyREADER');
  const device = path.join(dir, 'ttyDEVICE');
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${reader}`, `pty,raw,echo=0,link=${device}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => (log += d));
  const failed = new Promise((_, reject) =>
    child.on('error', (error) => reject(new Error(`socat is needed for the soak (Debian: apt-get install socat): ${error.message}`))),
  );
  const deadline = Date.now() + 5000;
  while (!log.includes('starting data transfer loop')) {
    await Promise.race([sleep(20), failed]);
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`socat did not start: ${log}`);
  }
  return { child, reader, device };
}

export async function startServe(db) {
  const child = spawn(process.execPath, [BIN, '--db', db, 'serve', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VISA_KIOSK_DB: '' },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const deadline = Date.now() + 20_000;
  let match;
  while (!(match = output.match(/at (http:\/\/\S+)/))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not start: ${output}`);
    await sleep(20);
  }
  return { child, url: new URL(match[1]), output: () => output };
}

#!/usr/bin/env node
// Load and soak: `visa-kiosk serve` fed badge taps through a real pty at a steady rate while
// list syncs and exports run beside it. Nothing may be lost (frames written = decisions shown =
// visits logged) and the kiosk's memory must stay flat.
//
//   npm run soak                      # 10 minutes at 1,000 taps a minute
//   npm run soak -- --seconds 60 --json
//
// Options: --seconds N (600), --rate TAPS_PER_MINUTE (1000), --max-growth-mb MB (50),
// --json (one JSON report on stdout), --keep (leave the temporary folder for inspection).
// Needs the build (dist/node) and socat. Exit 0 when every check passed, 1 otherwise, 2 for bad usage.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import WebSocket from 'ws';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'visa-kiosk.js');
const MB = 1024 * 1024;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function usage(message) {
  process.stderr.write(`soak: ${message}\nusage: node scripts/soak.mjs [--seconds N] [--rate TAPS_PER_MINUTE] [--max-growth-mb MB] [--json] [--keep]\n`);
  process.exit(2);
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        seconds: { type: 'string' },
        rate: { type: 'string' },
        'max-growth-mb': { type: 'string' },
        json: { type: 'boolean' },
        keep: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    usage(error.message);
  }
  const number = (name, fallback, min) => {
    if (parsed[name] === undefined) return fallback;
    const value = Number(parsed[name]);
    if (!Number.isFinite(value) || value < min) usage(`--${name} must be a number, at least ${min}`);
    return value;
  };
  return {
    seconds: number('seconds', 600, 5),
    rate: number('rate', 1000, 1),
    maxGrowthMb: number('max-growth-mb', 50, 1),
    json: parsed.json === true,
    keep: parsed.keep === true,
  };
}

const uidOf = (i) => (0x3000000000 + i).toString(16).toUpperCase();

/** An ID-12LA frame: STX, 10 hex digits, 2 hex of XOR checksum, CR LF, ETX. */
function em4100Frame(uid) {
  const checksum = uid.match(/../g).reduce((x, h) => x ^ parseInt(h, 16), 0);
  return Buffer.from([0x02, ...Buffer.from(`${uid}${checksum.toString(16).toUpperCase().padStart(2, '0')}`, 'ascii'), 0x0d, 0x0a, 0x03]);
}

/** The alliance's list: the host space, a visiting space, and one member (one badge) per tap. */
function feedText(members, sequence) {
  const space = (id, name) => ({
    id,
    name,
    city: 'Lisbon',
    country: 'PT',
    timezone: 'Europe/Lisbon',
    visa: { accepts: true, freeDaysPerMonth: 3, noticeHours: 0, notes: '' },
    dayPass: { price: '15.00', currency: 'EUR' },
  });
  const head = JSON.stringify({
    format: 'coworking-visa/1',
    sequence,
    generatedAt: new Date().toISOString(),
    spaces: [space('soak-host', 'Soak Host'), space('soak-visitors', 'Soak Visitors')],
  });
  const rows = [];
  for (let i = 0; i < members; i++) {
    rows.push(
      JSON.stringify({
        id: `m-${i}`,
        space: i % 2 ? 'soak-visitors' : 'soak-host',
        name: `Member ${i}`,
        email: '',
        status: 'active',
        validUntil: '2099-12-31',
        credentials: [{ kind: 'rfid', value: uidOf(i) }],
      }),
    );
  }
  return `${head.slice(0, -1)},"members":[${rows.join(',')}]}`;
}

function run(args, input = '') {
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

async function must(args, input) {
  const result = await run(args, input);
  if (result.code !== 0) throw new Error(`visa-kiosk ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result;
}

function rssBytes(pid) {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  } catch {
    return null;
  }
}

async function startSocat(dir) {
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

async function startServe(db) {
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

/** A screen on the kiosk's WebSocket, as the page opens it. */
async function openScreen(url) {
  const socket = new WebSocket(`ws://${url.host}/api`, { origin: url.origin });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let next = 1;
  const waiting = new Map();
  const listeners = new Set();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.event !== undefined) for (const listener of listeners) listener(message);
    else {
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    }
  });
  return {
    socket,
    onEvent: (listener) => listeners.add(listener),
    call: (method, input = {}) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, method, input }));
      }),
  };
}

/** GET on a connection of its own (no keep-alive, so the kiosk's server can close at once); null on failure. */
function download(url) {
  return new Promise((resolve) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve(res.statusCode === 200 ? body : null));
        res.on('error', () => resolve(null));
      })
      .on('error', () => resolve(null));
  });
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : null);

export async function soak({ seconds, rate, maxGrowthMb, keep, progress = () => {} }) {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'node', 'cli.js'))) throw new Error('the kiosk is not built: run `npm run build` first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'visa-kiosk-soak-'));
  const db = path.join(dir, 'kiosk.db');
  const taps = Math.max(1, Math.round((rate * seconds) / 60));
  const members = taps + 10;
  const stop = [];
  const t0 = performance.now();
  const phases = {};
  const mark = (name) => (phases[name] = Math.round(performance.now() - t0));
  const report = {
    seconds,
    rate,
    taps,
    written: 0,
    shown: 0,
    logged: 0,
    missing: [],
    duplicated: 0,
    syncs: { ok: 0, installed: 0, failed: 0 },
    exports: { ok: 0, failed: 0 },
    latencyMs: {},
    rss: {},
    phasesMs: phases,
    problems: [],
    folder: dir,
  };
  try {
    // The list, served as an alliance would: a new sequence every other request, else 304.
    let sequence = 1;
    let served = feedText(members, sequence);
    let etag = `"s${sequence}"`;
    let requests = 0;
    const feedServer = http.createServer((req, res) => {
      if (++requests % 2 === 0) {
        sequence++;
        served = feedText(members, sequence);
        etag = `"s${sequence}"`;
      }
      if (req.headers['if-none-match'] === etag) res.writeHead(304, { ETag: etag }).end();
      else res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag }).end(served);
    });
    await new Promise((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
    stop.push(() => new Promise((resolve) => feedServer.close(resolve)));
    const feedUrl = `http://127.0.0.1:${feedServer.address().port}/list.json`;

    const pty = await startSocat(dir);
    stop.push(() => pty.child.kill('SIGTERM'));
    fs.writeFileSync(path.join(dir, 'list.json'), served);
    await must(['--db', db, 'visa', 'import', path.join(dir, 'list.json')]);
    await must(['--db', db, 'config', 'set', 'space.id', 'soak-host']);
    await must(['--db', db, 'config', 'set', 'readers', JSON.stringify([{ id: 'desk', type: 'serial', path: pty.reader, protocol: 'em4100' }])]);
    await must(['--db', db, 'config', 'set', 'visa.feedUrl', feedUrl]);
    await must(['--db', db, 'staff', 'add', '--name', 'Soak Manager', '--role', 'manager'], '246813\n');

    const kiosk = await startServe(db);
    stop.push(async () => {
      if (kiosk.child.exitCode !== null) return;
      const exited = new Promise((resolve) => kiosk.child.once('exit', resolve));
      kiosk.child.kill('SIGTERM');
      const timer = setTimeout(() => kiosk.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    });
    const screen = await openScreen(kiosk.url);
    const desk = await openScreen(kiosk.url);
    stop.push(() => screen.socket.terminate());
    stop.push(() => desk.socket.terminate());
    const writtenAt = new Map();
    const shown = new Map();
    const latencies = [];
    screen.onEvent((message) => {
      if (message.event !== 'checkin') return;
      const value = message.payload.credential.value;
      shown.set(value, (shown.get(value) ?? 0) + 1);
      const at = writtenAt.get(value);
      if (at !== undefined) latencies.push(performance.now() - at);
    });
    const deadline = Date.now() + 10_000;
    while (!(await screen.call('readerStatuses')).result.some((s) => s.state === 'connected')) {
      if (Date.now() > deadline) throw new Error('the reader did not connect');
      await sleep(50);
    }
    mark('ready');
    const [manager] = (await desk.call('staffNames')).result;
    const signedIn = await desk.call('signIn', { staffId: manager.id, pin: '246813' });
    if (!signedIn.ok) throw new Error(`the manager could not sign in: ${signedIn.error.message}`);

    // Beside the taps: a sync and an export in turn every 5 s (the desk), and a command-line export every 15 s.
    let background = true;
    const today = new Date().toISOString().slice(0, 10);
    const beside = (async () => {
      for (let round = 0; background; round++) {
        for (let waited = 0; background && waited < 5000; waited += 100) await sleep(100);
        if (!background) break;
        if (round % 2 === 0) {
          const reply = await desk.call('syncNow');
          if (reply.ok) {
            report.syncs.ok++;
            if (reply.result.changed) report.syncs.installed++;
          } else report.syncs.failed++;
        } else {
          const reply = await desk.call('prepareExport', { from: '2000-01-01', to: '2099-12-31' });
          const body = reply.ok ? await download(new URL(reply.result.url, kiosk.url)) : null;
          if (body !== null && body.startsWith('visit_id,')) report.exports.ok++;
          else report.exports.failed++;
        }
        if (round % 3 === 2) {
          const cli = await run(['--db', db, 'export', '--from', today, '--to', today, '--out', path.join(dir, `export-${round}.csv`)]);
          if (cli.code === 0) report.exports.ok++;
          else report.exports.failed++;
        }
      }
    })();

    // Warm-up (the first syncs, exports and their worker threads) before the memory baseline.
    const warmUpMs = Math.min(30_000, Math.max(6000, seconds * 100));
    const fd = fs.openSync(pty.device, 'w');
    const started = performance.now();
    const gapMs = 60_000 / rate;
    let baselineTaken = false;
    let peak = 0;
    try {
      for (let i = 0; i < taps; i++) {
        const due = started + i * gapMs;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const uid = uidOf(i);
        writtenAt.set(uid, performance.now());
        fs.writeSync(fd, em4100Frame(uid));
        report.written++;
        if (i % 50 === 0) {
          const rss = rssBytes(kiosk.child.pid);
          if (rss !== null) peak = Math.max(peak, rss);
          if (!baselineTaken && performance.now() - started >= warmUpMs) {
            report.rss.startBytes = rss;
            baselineTaken = true;
          }
          progress(report.written, taps);
        }
      }
    } finally {
      fs.closeSync(fd);
    }
    mark('written');
    if (!baselineTaken) report.rss.startBytes = rssBytes(kiosk.child.pid);
    const drained = Date.now() + 20_000;
    while (shown.size < report.written && Date.now() < drained) await sleep(50);
    mark('drained');
    background = false;
    await beside;
    report.rss.endBytes = rssBytes(kiosk.child.pid);
    report.rss.peakBytes = Math.max(peak, report.rss.endBytes ?? 0);
    if (report.rss.startBytes != null && report.rss.endBytes != null)
      report.rss.growthMb = Math.round(((report.rss.endBytes - report.rss.startBytes) / MB) * 10) / 10;
    report.shown = [...shown.values()].reduce((a, b) => a + b, 0);
    const sorted = latencies.sort((a, b) => a - b);
    report.latencyMs = { p50: Math.round(percentile(sorted, 50)), p99: Math.round(percentile(sorted, 99)), max: Math.round(sorted.at(-1) ?? 0) };
    for (const step of stop.splice(2).reverse()) await step();
    mark('stopped');
    if (kiosk.child.exitCode === null) throw new Error('the kiosk did not stop');

    const conn = new Database(db, { readonly: true });
    try {
      const rows = conn.prepare('SELECT credential_value AS value, count(*) AS n FROM visits GROUP BY credential_value').all();
      const logged = new Map(rows.map((r) => [r.value, r.n]));
      report.logged = [...writtenAt.keys()].filter((uid) => logged.has(uid)).length;
      report.duplicated = rows.filter((r) => r.n > 1).length;
      report.missing = [...writtenAt.keys()].filter((uid) => !logged.has(uid) || !shown.has(uid)).slice(0, 20);
      const integrity = conn.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') report.problems.push(`integrity_check: ${integrity}`);
    } finally {
      conn.close();
    }
    if (report.shown !== report.written) report.problems.push(`${report.written} taps written, ${report.shown} decisions shown`);
    if (report.logged !== report.written) report.problems.push(`${report.written} taps written, ${report.logged} visits logged`);
    if (report.duplicated > 0) report.problems.push(`${report.duplicated} taps logged more than once`);
    if (report.rss.growthMb !== undefined && report.rss.growthMb > maxGrowthMb)
      report.problems.push(`the kiosk's memory grew by ${report.rss.growthMb} MB (limit ${maxGrowthMb} MB)`);
    if (report.syncs.ok + report.syncs.failed === 0 && seconds >= 12) report.problems.push('no sync ran');
    if (report.syncs.failed > 0) report.problems.push(`${report.syncs.failed} syncs failed`);
    if (report.exports.failed > 0) report.problems.push(`${report.exports.failed} exports failed`);
    if (/\n\s+at /.test(kiosk.output())) report.problems.push(`the kiosk printed a stack trace: ${kiosk.output().slice(0, 500)}`);
    report.ok = report.problems.length === 0;
    return report;
  } finally {
    for (const step of stop.reverse()) await step();
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = options();
  const say = (line) => {
    if (!opts.json) process.stdout.write(`${line}\n`);
  };
  say(`soak: ${opts.seconds} s at ${opts.rate} taps a minute through a pty, with syncs and exports beside`);
  let last = 0;
  try {
    const report = await soak({
      ...opts,
      progress: (written, total) => {
        if (opts.json || Date.now() - last < 10_000) return;
        last = Date.now();
        say(`  ${written}/${total} taps written`);
      },
    });
    if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else {
      const mb = (b) => (b == null ? '?' : `${(b / MB).toFixed(1)} MB`);
      say(`taps written ${report.written}, decisions shown ${report.shown}, visits logged ${report.logged}, duplicated ${report.duplicated}`);
      say(`latency (write → screen) p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms, max ${report.latencyMs.max} ms`);
      say(`syncs ${report.syncs.ok} (${report.syncs.installed} installed a new list), exports ${report.exports.ok}`);
      say(
        `serve RSS: ${mb(report.rss.startBytes)} after warm-up, ${mb(report.rss.endBytes)} at the end (peak ${mb(report.rss.peakBytes)}, growth ${report.rss.growthMb ?? '?'} MB)`,
      );
      say(report.ok ? 'soak: passed' : `soak: FAILED\n${report.problems.map((p) => `  - ${p}`).join('\n')}`);
    }
    process.exitCode = report.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`soak: ${error.message}\n`);
    process.exitCode = 1;
  }
}

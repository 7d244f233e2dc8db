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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { besideTaps } from './soak/beside.mjs';
import { em4100Frame, serveFeed, uidOf } from './soak/feed.mjs';
import { must, ROOT, rssBytes, sleep, startServe, startSocat } from './soak/processes.mjs';
import { openScreen } from './soak/screens.mjs';
import { judge } from './soak/verdict.mjs';

const MB = 1024 * 1024;

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : null);

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
    const feed = await serveFeed(members);
    stop.push(feed.close);

    const pty = await startSocat(dir);
    stop.push(() => pty.child.kill('SIGTERM'));
    fs.writeFileSync(path.join(dir, 'list.json'), feed.text());
    await must(['--db', db, 'visa', 'import', path.join(dir, 'list.json')]);
    await must(['--db', db, 'config', 'set', 'space.id', 'soak-host']);
    await must(['--db', db, 'config', 'set', 'readers', JSON.stringify([{ id: 'desk', type: 'serial', path: pty.reader, protocol: 'em4100' }])]);
    await must(['--db', db, 'config', 'set', 'visa.feedUrl', feed.url]);
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

    const beside = besideTaps({ desk, kioskUrl: kiosk.url, db, dir, report });

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
    await beside.stop();
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

    judge(report, { db, writtenAt, shown, maxGrowthMb, output: kiosk.output() });
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

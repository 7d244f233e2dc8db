import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startUntil } from './child.js';
import { memberName, memberUid } from './data.js';
import { em4100Frame } from './frames.js';
import type { PtyDevice } from './pty.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

declare global {
  interface Window {
    __bench?: { pattern: RegExp | null; seen: Promise<{ dom: number; frame: number }> | null; resolve: ((t: { dom: number; frame: number }) => void) | null };
  }
}

export interface ScreenSamples {
  /** Frame written → the name in the DOM, per tap (ms). */
  dom: number[];
  /** Frame written → the first animation frame after that (ms): when it can be on the glass. */
  frame: number[];
  /** The uncertainty of the clock offset between the bench and the page: half the best round trip (ms). */
  clockErrorMs: number;
  /** How far the offset moved between the start and the end of the run (ms). */
  clockDriftMs: number;
}

const now = () => performance.timeOrigin + performance.now();

/** The offset of the page's clock from this process's, from the timestamp exchange with the shortest round trip. */
async function clockOffset(page: Page): Promise<{ offset: number; error: number }> {
  let best = { offset: 0, error: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 25; i++) {
    const sent = now();
    const theirs = await page.evaluate(() => performance.timeOrigin + performance.now());
    const back = now();
    if ((back - sent) / 2 < best.error) best = { offset: theirs - (sent + back) / 2, error: (back - sent) / 2 };
  }
  return best;
}

/**
 * A MutationObserver in the page notes the moment the expected name enters the DOM (it runs
 * right after the DOM change, in the same task), and the animation frame after it. The bench
 * notes when it wrote the frame; one clock-offset exchange puts both on one time line. Polling
 * from outside (page.waitForFunction) would add its polling interval and a round trip to
 * every sample; this adds neither, and its error is bounded by `clockErrorMs`.
 */
async function watchForNames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const bench: NonNullable<Window['__bench']> = { pattern: null, seen: null, resolve: null };
    window.__bench = bench;
    new MutationObserver(() => {
      if (!bench.pattern) return;
      const dom = performance.timeOrigin + performance.now();
      if (!bench.pattern.test(document.body.textContent ?? '')) return;
      bench.pattern = null;
      const resolve = bench.resolve!;
      requestAnimationFrame(() => resolve({ dom, frame: performance.timeOrigin + performance.now() }));
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

async function expectName(page: Page, name: string): Promise<void> {
  await page.evaluate((text) => {
    const bench = window.__bench!;
    bench.seen = new Promise((resolve) => (bench.resolve = resolve));
    bench.pattern = new RegExp(`${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\d)`);
  }, name);
}

function seen(page: Page, timeoutMs: number): Promise<{ dom: number; frame: number } | null> {
  return Promise.race([page.evaluate(() => window.__bench!.seen), new Promise<null>((r) => setTimeout(() => r(null), timeoutMs))]);
}

/**
 * Tap → screen: `visa-kiosk serve` on the bench database with the pty as its reader, the
 * kiosk page in Chromium, and frames written into the pty until each visitor's name shows.
 */
export async function measureScreen(options: {
  cli: string;
  database: string;
  pty: PtyDevice;
  taps: number;
  next: () => number;
  log: (line: string) => void;
}): Promise<ScreenSamples> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the tap → screen figure needs Chromium (apt-get install chromium, or CHROMIUM_PATH)`);
  const server = await startUntil(process.execPath, [options.cli, '--db', options.database, 'serve', '--port', '0'], /at (http:\/\/\S+)/);
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.match[1]!);
    await page.waitForLoadState('load');
    await watchForNames(page);
    // The first taps wait for the page's connection and the reader to open.
    let ready = false;
    for (let attempt = 0; attempt < 10 && !ready; attempt++) {
      const member = options.next();
      await expectName(page, memberName(member));
      void options.pty.write(em4100Frame(memberUid(member)));
      ready = (await seen(page, 3000)) !== null;
    }
    if (!ready) throw new Error('the kiosk page never showed a tapped visitor');
    const start = await clockOffset(page);
    const dom: number[] = [];
    const frame: number[] = [];
    for (let i = 0; i < options.taps; i++) {
      const member = options.next();
      await expectName(page, memberName(member));
      void options.pty.write(em4100Frame(memberUid(member)));
      const shown = await seen(page, 10_000);
      const sent = performance.timeOrigin + (await options.pty.writtenAt());
      if (!shown) throw new Error(`${memberName(member)} was not shown within 10 s of the tap`);
      dom.push(shown.dom - start.offset - sent);
      frame.push(shown.frame - start.offset - sent);
    }
    const end = await clockOffset(page);
    return { dom, frame, clockErrorMs: Math.max(start.error, end.error), clockDriftMs: end.offset - start.offset };
  } finally {
    await browser?.close();
    await server.stop();
  }
}

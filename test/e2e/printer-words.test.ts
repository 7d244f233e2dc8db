import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CheckinResult } from '../../core/api/checkin';
import { de } from '../../renderer/locales/de';
import { en } from '../../renderer/locales/en';
import { screenshot, useChromium } from '../fixtures/browser';
import { visaKiosk } from '../fixtures/cli';
import { useCaptureQueue } from '../fixtures/cups';
import { openSocketScreen } from '../fixtures/kiosk-socket';
import { MANAGER_PIN, printingKiosk, resultOf } from '../fixtures/printing-kiosk';
import { startServe } from '../fixtures/serve';
import { useTempDir } from '../fixtures/temp';
import { words } from './walk/words';

const tempDir = useTempDir();
const { browser, cleanup } = useChromium();
const isRoot = process.getuid?.() === 0;

/** The service's English lines about the printer (print-job.ts, cups-queues.ts, badges.ts), and the English screen words: none may show on a German screen. */
const SERVICE_ENGLISH = [
  /printer queue/i,
  /not accepting/i,
  /spooler/i,
  /timed out/i,
  /is ready/i,
  /is stopped/i,
  /printed on/i,
  /the queues are/i,
  /\(job \d+\)/,
];
const ENGLISH_WORDS = Object.values(en.printerState)
  .map((text) => text.split('{{')[0]!.trim())
  .filter((start) => start !== '');

async function noEnglish(page: Page) {
  const text = await page.locator('body').innerText();
  for (const english of SERVICE_ENGLISH) expect(text).not.toMatch(english);
  for (const sentence of ENGLISH_WORDS) expect(text).not.toContain(sentence);
}

/** The words for `key`, with `blank` standing for any job number. */
function withAnyJob(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('JOB', '\\d+')}$`);
}

const tab = (page: Page, name: keyof typeof de.staff.tabs) =>
  page.getByRole('navigation', { name: de.staff.sections }).getByRole('button', { name: de.staff.tabs[name], exact: true }).click();

/** The Devices tab opened afresh, so the printer panel asks the kiosk again. */
async function printerPanel(page: Page): Promise<Locator> {
  await tab(page, 'today');
  await page.getByRole('heading', { name: de.today.heading }).waitFor();
  await tab(page, 'devices');
  return page.getByRole('region', { name: de.devices.printer });
}

async function testPrint(panel: Locator): Promise<string> {
  await panel.getByRole('button', { name: de.devices.testPrint }).click();
  return panel.getByRole('status').innerText({ timeout: 20_000 });
}

/**
 * A German kiosk printing on a real CUPS server, shown by a browser set to US English: the
 * printer's state and a print's outcome are said in German, the spooler's own words only after them.
 */
describe.skipIf(!isRoot)('the badge printer on a German kiosk, on a real CUPS server', () => {
  const { cups, capture } = useCaptureQueue('desk', 'printer-words.bin');

  it(
    'says the printer ready, a test badge printed, a stopped queue, a badge timed out on it and a queue gone, all in German',
    { timeout: 150_000 },
    async () => {
      fs.writeFileSync(capture(), '');
      const db = path.join(tempDir(), 'kiosk.db');
      await printingKiosk(db, { printer: 'desk', visitors: 1, timeoutSeconds: 3 });
      expect((await visaKiosk(['--db', db, 'config', 'set', 'kiosk.language', 'de'])).code).toBe(0);
      const server = await startServe(db, [], { CUPS_SERVER: cups.server });
      cleanup.push(server.stop);
      const context = await browser().newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
      cleanup.push(() => context.close());
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(server.url);
      await page.getByText(de.welcome.prompt).waitFor();

      await page.getByRole('button', { name: de.welcome.staff, exact: true }).click();
      await page.getByRole('list', { name: de.staffSignIn.names }).getByRole('button', { name: 'Maya Okafor', exact: true }).click();
      const pad = page.getByRole('group', { name: de.staffSignIn.pin });
      for (const digit of MANAGER_PIN) await pad.getByRole('button', { name: digit, exact: true }).click();
      await pad.getByRole('button', { name: de.pin.ok }).click();
      await page.getByRole('heading', { name: de.staff.header.replace('{{name}}', 'Maya Okafor') }).waitFor();

      // Ready, and a test badge that reaches the printer.
      let panel = await printerPanel(page);
      await panel.getByText(words('de', 'printerState.ready', { queue: 'desk' }), { exact: true }).waitFor();
      const named = { name: 'desk', format: de.settings.printerFormats.zpl, label: de.settings.printerLabels['4x3in'] };
      await panel.getByText(words('de', 'devices.printerName', named), { exact: true }).waitFor();
      const printed = words('de', 'devices.printed', { detail: words('de', 'printerState.printed', { queue: 'desk', jobId: 'JOB' }) });
      expect(await testPrint(panel)).toMatch(withAnyJob(printed));
      expect(fs.readFileSync(capture()).length).toBeGreaterThan(0);
      await noEnglish(page);
      await screenshot(page, 'printer-words-de-ready');

      // A stopped queue: a warning in German, and a badge that times out on it, at the desk and in Today's list.
      await cups.disable('desk');
      panel = await printerPanel(page);
      const stopped = panel.locator('p.warning').filter({ hasText: words('de', 'printerState.stopped', { queue: 'desk' }) });
      await stopped.waitFor();
      const timedOut = words('de', 'printerState.timed_out_stopped', { queue: 'desk', seconds: 3 });
      const notPrinted = await testPrint(panel);
      expect(notPrinted.startsWith(words('de', 'devices.notPrinted', { detail: timedOut }))).toBe(true);
      await expect.poll(() => panel.getByRole('status').getAttribute('class')).toBe('warning');
      await noEnglish(page);
      await screenshot(page, 'printer-words-de-stopped');

      await tab(page, 'today');
      const visitor = await openSocketScreen(server.url);
      cleanup.push(() => visitor.close());
      const visit = resultOf<CheckinResult>(await visitor.call('checkin', { credential: 'VISA-1' }), 'check-in');
      expect(await visitor.badgeOutcome(visit.visitId!)).toMatchObject({ status: 'failed', reason: { state: 'timed_out_stopped', queue: 'desk', seconds: 3 } });
      const row = page.getByRole('row').filter({ hasText: visit.member!.name });
      await row.getByText(de.badgeStatus.failed).waitFor();
      await row.locator('.why').filter({ hasText: timedOut }).waitFor();
      await noEnglish(page);
      await screenshot(page, 'printer-words-de-today');

      // The queue gone: named, with what to do, in German.
      await cups.enable('desk');
      await cups.tool('lpadmin', ['-x', 'desk']);
      panel = await printerPanel(page);
      const missing = words('de', 'printerState.not_found', { queue: 'desk' });
      await panel.locator('p.warning').filter({ hasText: missing }).waitFor();
      expect(await testPrint(panel)).toBe(words('de', 'devices.notPrinted', { detail: missing }));
      await noEnglish(page);
      await screenshot(page, 'printer-words-de-missing');
    },
  );
});

import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { de } from '../../renderer/locales/de';
import { en } from '../../renderer/locales/en';
import { screenshot, useChromium } from '../fixtures/browser';
import { visaKiosk } from '../fixtures/cli';
import { bytesOf } from '../fixtures/frames';
import { startServe } from '../fixtures/serve';
import { PtyDevice } from '../../bench/pty';
import { useTempDir } from '../fixtures/temp';
import { words } from './walk/words';
import { addStaff, MAYA } from '../fixtures/staff';

const tempDir = useTempDir();
const { browser, cleanup } = useChromium();

/** The drivers' English lines about a reader (serial-reader.ts, reader.ts, em4100.ts): none may show on a German screen. */
const SERVICE_ENGLISH = [/waiting for/i, /went away/i, /is not there/i, /last bad read/i, /bad checksum/i, /\bat \d+ baud/, /not started/i];
const ENGLISH_WORDS = [...Object.values(en.readerState), ...Object.values(en.badRead)]
  .map((text) => text.split('{{')[0]!.trim())
  .filter((start) => start.length > 3);

async function noEnglish(page: Page) {
  const text = await page.locator('body').innerText();
  for (const english of SERVICE_ENGLISH) expect(text).not.toMatch(english);
  for (const sentence of ENGLISH_WORDS) expect(text).not.toContain(sentence);
}

/** The Devices tab, signed in as the manager, on a German kiosk seen by a browser set to US English. */
async function devicesTab(url: string): Promise<{ page: Page; panel: Locator }> {
  const context = await browser().newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  cleanup.push(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(url);
  await page.getByText(de.welcome.prompt).waitFor();
  await page.getByRole('button', { name: de.welcome.staff, exact: true }).click();
  await page.getByRole('list', { name: de.staffSignIn.names }).getByRole('button', { name: 'Maya Okafor', exact: true }).click();
  const pad = page.getByRole('group', { name: de.staffSignIn.pin });
  for (const digit of '1357') await pad.getByRole('button', { name: digit, exact: true }).click();
  await pad.getByRole('button', { name: de.pin.ok }).click();
  await page.getByRole('heading', { name: de.staff.header.replace('{{name}}', 'Maya Okafor') }).waitFor();
  await page.getByRole('navigation', { name: de.staff.sections }).getByRole('button', { name: de.staff.tabs.devices, exact: true }).click();
  return { page, panel: page.getByRole('region', { name: de.devices.readers }) };
}

describe('a badge reader on a German kiosk, on a real pty', () => {
  it('says a listening reader, a malformed frame and a reader unplugged, all in German', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const reader = new PtyDevice(dir);
    await reader.start();
    cleanup.push(() => reader.stop());
    const readers = JSON.stringify([{ id: 'desk', type: 'serial', path: reader.readerPath, protocol: 'em4100', baudRate: 9600 }]);
    for (const [key, value] of Object.entries({ readers, 'kiosk.language': 'de' }))
      expect((await visaKiosk(['--db', db, 'config', 'set', key, value])).code).toBe(0);
    await addStaff(db, MAYA);
    const server = await startServe(db, ['--demo']);
    cleanup.push(server.stop);
    const { page, panel } = await devicesTab(server.url);

    const row = panel.getByRole('listitem').filter({ hasText: 'desk' });
    await row.getByText(words('de', 'readerState.listeningBaud', { device: reader.readerPath, baudRate: 9600 }), { exact: true }).waitFor();
    await row.getByText(de.devices.state.connected, { exact: true }).waitFor();
    await noEnglish(page);
    await screenshot(page, 'reader-words-de-listening');

    // An EM4100 frame whose check digits do not match its card number: 0F00A1B2C3 has 0xDF, not 0x00.
    await reader.write(bytesOf('\x020F00A1B2C300\x03'));
    const checksum = words('de', 'badRead.checksum', { text: '0F00A1B2C3', expected: '0xDF', got: '0x00' });
    await row.getByText(words('de', 'readerState.lastBadRead', { problem: checksum }), { exact: true }).waitFor();
    await row.getByText(words('de', 'devices.badFrames', { count: 1 }), { exact: true }).waitFor();
    await noEnglish(page);
    await screenshot(page, 'reader-words-de-bad-read');

    // Unplugged: the device node goes away; the reader says so, then waits for it to come back.
    await reader.stop();
    const gone = [words('de', 'readerState.went_away', { device: reader.readerPath }), words('de', 'readerState.missing', { device: reader.readerPath })];
    await row.getByText(de.devices.state.disconnected, { exact: true }).waitFor({ timeout: 20_000 });
    await row
      .locator('.detail')
      .filter({ hasText: new RegExp(gone.map((g) => g.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')) })
      .first()
      .waitFor();
    await noEnglish(page);
    await screenshot(page, 'reader-words-de-unplugged');
  });
});

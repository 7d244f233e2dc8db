import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PtyDevice } from '../../bench/pty';
import { screenshot, useChromium } from '../fixtures/browser';
import { visaKiosk } from '../fixtures/cli';
import { em4100Frame } from '../fixtures/frames';
import { startServe } from '../fixtures/serve';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();
const { browser, cleanup } = useChromium();

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { name });

/**
 * Two visitor screens at one desk of the demo kiosk (Harbour Works), `?screen=left` and
 * `?screen=right`, served by `visa-kiosk serve`, with an EM4100 reader on a real pty given to
 * the screen `readerAt` (none: the reader belongs to no screen).
 */
async function twoScreens(readerAt?: string) {
  const dir = tempDir();
  const db = path.join(dir, 'kiosk.db');
  const reader = new PtyDevice(dir);
  await reader.start();
  cleanup.push(() => reader.stop());
  const config = { id: 'desk', type: 'serial', path: reader.readerPath, protocol: 'em4100', ...(readerAt && { screen: readerAt }) };
  expect((await visaKiosk(['--db', db, 'config', 'set', 'readers', JSON.stringify([config])])).code).toBe(0);
  const server = await startServe(db, ['--demo']);
  cleanup.push(server.stop);
  const open = async (name: string) => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    cleanup.push(() => page.close());
    await page.goto(`${server.url}?screen=${name}`);
    await page.getByText('Tap your badge or scan your pass').waitFor();
    return page;
  };
  const [left, right] = await Promise.all([open('left'), open('right')]);
  await left.getByText('Badge reader ready').waitFor();
  return { reader, left, right };
}

/** A guest at this screen, halfway through typing their name into the day-pass form. */
async function halfTypedGuestForm(page: Page) {
  await page.getByRole('button', { name: 'I’m a guest' }).click();
  await page.getByRole('textbox', { name: 'Your name' }).fill('Marie Cur');
}

/** The form as the guest left it. A tap shown there would have arrived with the other screen's: a moment later it would show. */
async function expectFormIntact(page: Page) {
  await page.waitForTimeout(500);
  await expect.poll(() => heading(page, /Welcome|can’t check you in/).count()).toBe(0);
  await expect.poll(() => page.getByRole('textbox', { name: 'Your name' }).inputValue({ timeout: 1000 })).toBe('Marie Cur');
}

// Two pages and a `serve` of their own: on a loaded machine longer than the default 30 s.
describe('several visitor screens at one desk, in Chromium', () => {
  it("a tap on the left screen's reader shows there, and leaves the right screen's half-typed day-pass form alone; so does a badge typed at the left", async () => {
    const { reader, left, right } = await twoScreens('left');
    await halfTypedGuestForm(right);

    await reader.write(em4100Frame('1000A1B200'));
    await heading(left, 'Welcome, Inês Carvalho').waitFor();
    await expectFormIntact(right);
    await screenshot(right, 'screens-form-kept');

    await left.getByRole('button', { name: 'Done' }).click();
    await left.getByRole('button', { name: 'Type my badge number' }).click();
    await left.getByRole('textbox', { name: 'Badge number' }).fill('cc-0001');
    await left.getByRole('button', { name: 'Check in' }).click();
    await heading(left, 'Welcome, Ada Lovelace').waitFor();
    await expectFormIntact(right);
  }, 60_000);

  it('a tap on a reader given to no screen shows on the screen waiting on its welcome, never on one a visitor is typing at', async () => {
    const { reader, left, right } = await twoScreens();
    await halfTypedGuestForm(right);

    await reader.write(em4100Frame('2000A1B301'));
    await heading(left, 'Welcome, Grace Hopper').waitFor();
    await expect.poll(() => left.getByText('Visa day 1 of 3 this month').isVisible()).toBe(true);
    await expectFormIntact(right);
  }, 60_000);
});

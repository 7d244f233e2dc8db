import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useChromium } from '../fixtures/browser';
import { visaKiosk } from '../fixtures/cli';
import { startServe } from '../fixtures/serve';
import { useMadeOnce } from '../fixtures/temp';
import { addStaff, MAYA, ROSA } from '../fixtures/staff';

const { browser, cleanup } = useChromium();

/** Two staff accounts and German, set once for the file (a PIN costs scrypt in a process of its own). */
const german = useMadeOnce(async (dir) => {
  const db = path.join(dir, 'kiosk.db');
  await addStaff(db, ROSA, MAYA);
  expect((await visaKiosk(['--db', db, 'config', 'set', 'kiosk.language', 'de'])).code).toBe(0);
});

/** A German demo kiosk in browser mode with two staff accounts, on a 1024×768 screen, and its database (for a test that removes it). */
async function germanKiosk(settings: Record<string, string> = {}) {
  const db = path.join((await german()).dir, 'kiosk.db');
  for (const [key, value] of Object.entries(settings)) expect((await visaKiosk(['--db', db, 'config', 'set', key, value])).code).toBe(0);
  const server = await startServe(db, ['--demo']);
  cleanup.push(server.stop);
  const page = await browser().newPage({ viewport: { width: 1024, height: 768 } });
  cleanup.push(() => page.close());
  page.setDefaultTimeout(10_000);
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Team', exact: true }).waitFor();
  return { page, db };
}

const names = (page: Page) => page.getByRole('list', { name: 'Teammitglieder' });

/** WCAG contrast of an element's text against its own background, as Chromium draws them. */
async function contrast(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const style = getComputedStyle(el);
      const luminance = (css: string) => {
        const [r, g, b] = css
          .match(/[\d.]+/g)!
          .slice(0, 3)
          .map((v) => Number(v) / 255)
          .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort((a, b) => b - a);
      return (light! + 0.05) / (dark! + 0.05);
    });
}

describe('staff sign-in in Chromium, on a German screen', () => {
  it('the names on the list can be read: light text on the kiosk’s dark blue, not on a light grey button', async () => {
    const { page } = await germanKiosk();
    await page.getByRole('button', { name: 'Team', exact: true }).click();
    await names(page).getByRole('button', { name: 'Rosa Díaz' }).waitFor();
    await screenshot(page, 'staff-sign-in-names-de');
    expect(await contrast(page, '.staff-name')).toBeGreaterThanOrEqual(4.5);
  });

  it('a real keyboard picks the name (Tab, Enter) and types the PIN (digits, Backspace, Enter)', async () => {
    const { page } = await germanKiosk();
    await page.getByRole('button', { name: 'Team', exact: true }).click();
    await names(page).getByRole('button', { name: 'Maya Okafor' }).waitFor();
    for (
      let tabs = 0;
      tabs < 4 &&
      !(await names(page)
        .getByRole('button', { name: 'Rosa Díaz' })
        .evaluate((el) => el === document.activeElement));
      tabs++
    )
      await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'PIN für Rosa Díaz' }).waitFor();
    // A person's pace: the kiosk takes a fast burst ending in Enter for a badge reader.
    await page.keyboard.type('24689', { delay: 150 });
    await page.keyboard.press('Backspace');
    await screenshot(page, 'staff-sign-in-pin-typed-de');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Team-Modus · Rosa Díaz' }).waitFor();
  });

  it('left alone, the list of names and the PIN pad each go back to the welcome screen', async () => {
    const { page } = await germanKiosk({ 'kiosk.idleSeconds': '5' });
    await page.getByRole('button', { name: 'Team', exact: true }).click();
    await names(page).waitFor();
    await page.getByRole('button', { name: 'Team', exact: true }).waitFor({ timeout: 9_000 });
    await page.getByRole('button', { name: 'Team', exact: true }).click();
    await names(page).getByRole('button', { name: 'Maya Okafor' }).click();
    await page.getByRole('heading', { name: 'PIN für Maya Okafor' }).waitFor();
    await page.getByRole('button', { name: 'Team', exact: true }).waitFor({ timeout: 9_000 });
  });
});

/** Everyone's buttons, the banner's "For staff" included: each wholly on screen, below the banner, at least 56 px tall, and nothing scrolls. */
async function allOnScreen(page: Page) {
  return page.evaluate(() => {
    const banner = document.querySelector('.storage-problem')!.getBoundingClientRect();
    const screenBox = document.querySelector('.screen')!;
    const misplaced = [...document.querySelectorAll('button, summary')]
      .map((el) => ({
        name: el.textContent!.trim() || el.getAttribute('aria-label'),
        box: el.getBoundingClientRect(),
        inBanner: !!el.closest('.storage-problem'),
      }))
      .filter(({ box }) => box.width > 0)
      .filter(({ box, inBanner }) => box.bottom > innerHeight || box.height < 56 || (!inBanner && box.top < banner.bottom))
      .map(({ name, box }) => `${name} ${Math.round(box.top)}–${Math.round(box.bottom)}`);
    return { misplaced, scrolls: document.documentElement.scrollHeight > innerHeight || screenBox.scrollHeight > screenBox.clientHeight };
  });
}

describe('the storage banner on a 1024×768 German screen', () => {
  it('leaves the welcome screen, the names and the PIN pad whole below it, and the sign-in that could not be recorded is said in German', async () => {
    const { page, db } = await germanKiosk();
    fs.rmSync(db);
    await page.getByRole('heading', { name: 'Dieser Kiosk hat ein Problem mit seinen Dateien' }).waitFor();
    expect(await allOnScreen(page)).toEqual({ misplaced: [], scrolls: false });
    await page.getByRole('button', { name: 'Team', exact: true }).click();
    await names(page).getByRole('button', { name: 'Rosa Díaz' }).click();
    for (const digit of '9999') await page.getByRole('group', { name: 'Team-PIN' }).getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: 'OK' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Der Kiosk konnte diese Anmeldung gerade nicht speichern. Bitte versuchen Sie es gleich noch einmal.' })
      .waitFor();
    await screenshot(page, 'storage-banner-pin-de');
    expect(await allOnScreen(page)).toEqual({ misplaced: [], scrolls: false });
  });
});

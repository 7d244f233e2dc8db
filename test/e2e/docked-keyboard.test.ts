import Database from 'better-sqlite3';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useChromium } from '../fixtures/browser';
import { visaKiosk } from '../fixtures/cli';
import { startServe } from '../fixtures/serve';
import { useTempDir } from '../fixtures/temp';
import { axeFindings } from './walk/axe';
import { addStaff, MAYA } from '../fixtures/staff';

const tempDir = useTempDir();
const { browser, cleanup } = useChromium();

const SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 1280 },
  { width: 1024, height: 768 },
];

function rows(db: string, sql: string): unknown[] {
  const log = new Database(db, { readonly: true });
  try {
    return log.prepare(sql).all();
  } finally {
    log.close();
  }
}

/** The demo kiosk in browser mode with two of today's visits (Tiago admitted, 佐藤 花子 denied), signed in as a manager on the PIN pad. */
async function managerAtDesk() {
  const db = path.join(tempDir(), 'kiosk.db');
  await addStaff(db, MAYA);
  const server = await startServe(db, ['--demo']);
  cleanup.push(server.stop);
  for (const badge of ['HW-0002', 'KL-0001']) await visaKiosk(['--db', db, 'checkin', badge]);
  const page = await browser().newPage({ viewport: SIZES[0] });
  cleanup.push(() => page.close());
  page.setDefaultTimeout(10_000);
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Staff', exact: true }).click();
  await page.getByRole('list', { name: 'Staff members' }).getByRole('button', { name: 'Maya Okafor' }).click();
  const pad = page.getByRole('group', { name: 'Staff PIN' });
  for (const digit of '1357') await pad.getByRole('button', { name: digit, exact: true }).click();
  await pad.getByRole('button', { name: 'OK' }).click();
  await page.getByRole('row').filter({ hasText: '佐藤 花子' }).waitFor();
  return { db, page };
}

const keyboards = (page: Page) => page.getByRole('group', { name: 'On-screen keyboard' });
const key = (page: Page, name: string) => keyboards(page).getByRole('button', { name, exact: true });
const done = (page: Page) => key(page, 'Done, hide the keyboard');
const tab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Staff mode sections' }).getByRole('button', { name, exact: true }).click();

/** A finger on each key in turn; the field is emptied first with Delete. */
async function tapOut(page: Page, field: Locator, text: string) {
  for (let left = (await field.inputValue()).length; left > 0; left--) await key(page, 'Delete').click();
  for (const char of text) await key(page, char).click();
}

/** Why `target` is not there to see and touch above the docked keys (inside the window, above their top edge, not under them), or null. */
function hiddenByKeys(target: Locator): Promise<string | null> {
  return target.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const keys = document.querySelector('.docked-keyboard')!.getBoundingClientRect();
    const touched = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    if (box.top < 0 || box.bottom > keys.top) return `spans ${Math.round(box.top)}–${Math.round(box.bottom)} px; the keys start at ${Math.round(keys.top)} px`;
    return touched && (el.contains(touched) || touched.contains(el)) ? null : 'something else is on top of it';
  });
}

/** Every key's height, and the contrast of its edge with the keys' ground (WCAG 1.4.11 asks 3:1). */
function keySizes(page: Page) {
  return keyboards(page)
    .getByRole('button')
    .evaluateAll((els) => {
      const luminance = (css: string) => {
        const [r, g, b] = css
          .match(/[\d.]+/g)!
          .slice(0, 3)
          .map((v) => Number(v) / 255)
          .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const ground = luminance(getComputedStyle(document.querySelector('.docked-keyboard')!).backgroundColor);
      return els.map((el) => {
        const [light, dark] = [luminance(getComputedStyle(el).borderTopColor), ground].sort((a, b) => b - a);
        return { name: el.getAttribute('aria-label'), height: el.getBoundingClientRect().height, contrast: (light! + 0.05) / (dark! + 0.05) };
      });
    });
}

describe('keys docked at the foot of the staff screens', () => {
  it('a manager filters Today’s visits and sets a number on the Settings page with on-screen keys only, the field in sight above them, at each screen size', async () => {
    const { db, page } = await managerAtDesk();
    const filter = page.getByRole('searchbox', { name: 'Filter by name, space or badge' });
    const stale = page.getByRole('form', { name: 'Days after the list was made before it is out of date' });
    const staleField = stale.getByRole('textbox');
    const visits = () => rows(db, 'SELECT count(*) AS n FROM visits');
    const before = visits();
    for (const [at, size] of SIZES.entries()) {
      const where = `${size.width}×${size.height}`;
      await page.setViewportSize(size);
      await tab(page, 'Today');
      await expect.poll(() => keyboards(page).count(), { message: where }).toBe(0);

      await filter.click();
      expect(await hiddenByKeys(filter), where).toBeNull();
      // A badge number tapped fast is a filter, not a scan: nothing is checked in.
      await tapOut(page, filter, 'hw-0002');
      await expect.poll(() => filter.inputValue()).toBe('hw-0002');
      await page.getByRole('row').filter({ hasText: '佐藤 花子' }).waitFor({ state: 'detached' });
      await expect.poll(() => page.getByRole('row').filter({ hasText: 'Tiago Moreira' }).count(), { message: where }).toBe(1);
      expect(await hiddenByKeys(filter), where).toBeNull();
      expect(await axeFindings(page), where).toEqual([]);
      await screenshot(page, `docked-keyboard-today-${where}`);
      await done(page).click();
      await expect.poll(() => keyboards(page).count(), { message: where }).toBe(0);
      expect(visits(), where).toEqual(before);

      await tab(page, 'Settings');
      await staleField.click();
      // Digits and a point, for a number: no letters.
      await expect.poll(() => key(page, '.').count(), { message: where }).toBe(1);
      await expect.poll(() => key(page, 'a').count(), { message: where }).toBe(0);
      const sizes = await keySizes(page);
      expect(
        sizes.filter((k) => k.height < 56 || k.contrast < 3),
        where,
      ).toEqual([]);
      const typed = ['0.5', '12', '7.25'][at]!;
      await tapOut(page, staleField, typed);
      await expect.poll(() => staleField.inputValue()).toBe(typed);
      // The field and its Save button are in sight above the keys, scrolled there if they were under them.
      for (const shown of [staleField, stale.getByRole('button', { name: 'Save' })]) expect(await hiddenByKeys(shown), where).toBeNull();
      expect(await axeFindings(page), where).toEqual([]);
      await screenshot(page, `docked-keyboard-settings-${where}`);
      await stale.getByRole('button', { name: 'Save' }).click();
      await stale.getByText('Saved.').waitFor();
      expect(rows(db, "SELECT value FROM settings WHERE key = 'visa.staleDays'"), where).toEqual([{ value: typed }]);
      await expect.poll(() => keyboards(page).count(), { message: where }).toBe(0);
    }
  }, 180_000);

  it('each typed field of the staff screens gets keys for what it takes, in sight above them; a screen with its own keys gets no second set', async () => {
    const { db, page } = await managerAtDesk();
    await page.setViewportSize(SIZES[2]!);
    const keysShown = async () => (await keyboards(page).getByRole('button').allTextContents()).join(' ');
    for (const [tabName, field, typed, has, hasNot] of [
      ['Exports', page.getByRole('textbox', { name: 'Home space, by its id (optional)' }), 'hw', ['q', 'Space'], []],
      ['Privacy', page.getByRole('textbox', { name: 'Email address' }), 'a@b.pt', ['@', '.'], ['Space']],
      ['Staff accounts', page.getByLabel('PIN (4 to 12 digits)'), '2468', ['9'], ['q', '.']],
    ] as const) {
      await tab(page, tabName);
      await field.click();
      for (const name of has) await expect.poll(() => key(page, name).count(), { message: `${tabName} ${name}` }).toBe(1);
      for (const name of hasNot) await expect.poll(() => key(page, name).count(), { message: `${tabName}: ${await keysShown()}` }).toBe(0);
      await tapOut(page, field, typed);
      await expect.poll(() => field.inputValue()).toBe(typed);
      expect(await hiddenByKeys(field), tabName).toBeNull();
      await done(page).click();
      await expect.poll(() => keyboards(page).count(), { message: tabName }).toBe(0);
    }
    // Four digits tapped fast are a PIN being typed, not a badge read.
    expect(rows(db, 'SELECT count(*) AS n FROM visits')).toEqual([{ n: 2 }]);

    await tab(page, 'Check in by hand');
    await page.getByRole('searchbox', { name: 'Search by name, email, space or badge number' }).click();
    await expect.poll(() => keyboards(page).count()).toBe(1);
    await expect.poll(() => page.locator('.docked-keyboard').count()).toBe(0);
  }, 60_000);
});

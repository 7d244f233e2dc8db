import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { de } from '../../renderer/locales/de';
import { en } from '../../renderer/locales/en';
import { demoFeed } from '../../service/demo-data';
import { useChromium } from '../fixtures/browser';
import { visaKiosk } from '../fixtures/cli';
import { startServe } from '../fixtures/serve';
import { useTempDir } from '../fixtures/temp';
import { addStaff, MAYA } from '../fixtures/staff';

const tempDir = useTempDir();
const { browser, cleanup } = useChromium();

/** The demo kiosk in browser mode, a manager (PIN 1357) signed in, the screen in `language`, the browser in US English. */
async function managerAt(viewport: { width: number; height: number }, language: 'en' | 'de' = 'en'): Promise<Page> {
  const words = language === 'de' ? de : en;
  const db = path.join(tempDir(), 'kiosk.db');
  await addStaff(db, MAYA);
  expect((await visaKiosk(['--db', db, 'config', 'set', 'kiosk.language', language])).code).toBe(0);
  const server = await startServe(db, ['--demo']);
  cleanup.push(server.stop);
  const page = await browser().newPage({ locale: 'en-US', viewport });
  cleanup.push(() => page.close());
  page.setDefaultTimeout(15_000);
  await page.goto(server.url);
  await page.getByRole('button', { name: words.welcome.staff, exact: true }).click();
  await page.getByRole('list', { name: words.staffSignIn.names }).getByRole('button', { name: 'Maya Okafor', exact: true }).click();
  const pad = page.getByRole('group', { name: words.staffSignIn.pin });
  for (const digit of '1357') await pad.getByRole('button', { name: digit, exact: true }).click();
  await pad.getByRole('button', { name: words.pin.ok }).click();
  return page;
}

const tab = (page: Page, name: keyof typeof en.staff.tabs, words = en) =>
  page.getByRole('navigation', { name: words.staff.sections }).getByRole('button', { name: words.staff.tabs[name], exact: true }).click();

/** The docked on-screen keys of a German screen. */
const key = (page: Page, name: string) => page.getByRole('group', { name: de.keyboard.label }).getByRole('button', { name, exact: true });
async function tapOut(page: Page, text: string) {
  for (const char of text) await key(page, char).click();
}

/** How far the page reaches past the right edge of the window, in pixels. */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('a hostile visa list, installed by a manager on an 800 px wide kiosk', () => {
  it('quotes a 3 000-letter id short and wraps it: the Devices page never scrolls sideways', { timeout: 120_000 }, async () => {
    const page = await managerAt({ width: 800, height: 1280 });
    await tab(page, 'devices');
    const feed = demoFeed() as unknown as { sequence: number; members: Record<string, unknown>[] };
    feed.sequence = 2;
    const long = 'W'.repeat(3000);
    feed.members.push({ id: long, space: 'atlantis', name: 'Per', status: 'active' });
    const list = page.getByRole('region', { name: en.devices.list });
    await list.getByLabel(en.devices.importFile).setInputFiles({ name: 'visa.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(feed)) });
    const problem = list.getByRole('status').getByRole('listitem').filter({ hasText: 'WWW' });
    await expect.poll(() => problem.innerText()).toContain(`(${'W'.repeat(59)}…)`);
    await expect.poll(async () => (await problem.innerText()).length).toBeLessThan(200);
    expect(await sideways(page)).toBe(0);
  });
});

describe('a German manager taps something the browser itself would refuse', () => {
  it('is told why in German by the kiosk, never stopped by the browser’s own English bubble', { timeout: 120_000 }, async () => {
    const page = await managerAt({ width: 1024, height: 768 }, 'de');

    await tab(page, 'settings', de);
    const feedUrl = page.getByRole('form', { name: de.settings.field.feedUrl });
    await feedUrl.getByRole('textbox').click();
    await tapOut(page, 'kein');
    await feedUrl.getByRole('button', { name: de.settings.save }).click();
    await expect
      .poll(() => feedUrl.getByRole('alert').innerText())
      .toBe(de.problem.setting.replace('{{field}}', de.settings.field.feedUrl).replace('{{problem}}', de.problem.value.not_a_url));

    await tab(page, 'privacy', de);
    const email = page.getByRole('textbox', { name: de.privacy.email });
    await email.click();
    await tapOut(page, 'ab');
    await page.getByRole('form', { name: de.privacy.erase }).getByRole('button', { name: de.privacy.eraseSubmit, exact: true }).click();
    await page.getByRole('button', { name: de.privacy.confirmSubmit }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain(de.problem.value.not_an_email);
  });
});

describe('a manager erasing a guest fixes a slip in the middle of the email on the on-screen keys', () => {
  it('types the missing letter where the caret is, not at the end', { timeout: 120_000 }, async () => {
    const page = await managerAt({ width: 1280, height: 800 }, 'de');
    await tab(page, 'privacy', de);
    const email = page.getByRole('textbox', { name: de.privacy.email });
    await email.click();
    await tapOut(page, 'ac');
    await email.press('ArrowLeft');
    await tapOut(page, 'b');
    await expect.poll(() => email.inputValue()).toBe('abc');
  });
});

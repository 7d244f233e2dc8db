import Database from 'better-sqlite3';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { de } from '../../renderer/locales/de';
import { es } from '../../renderer/locales/es';
import { fr } from '../../renderer/locales/fr';
import { screenshot, useChromium } from '../fixtures/browser';
import { visaKiosk } from '../fixtures/cli';
import { startServe } from '../fixtures/serve';
import { useTempDir } from '../fixtures/temp';
import { addStaff, MAYA } from '../fixtures/staff';

const tempDir = useTempDir();
const { browser, cleanup } = useChromium();

/** What the service says in English, for the command line: none of it may reach a screen in another language. */
const SERVICE_ENGLISH = [/Too small/i, /expected number/i, /visa-kiosk/, /that PIN/i, /feed URL/i, /was not saved/i, /kiosk\.idleSeconds/];

async function noServiceEnglish(page: Page) {
  const text = await page.locator('body').innerText();
  for (const english of SERVICE_ENGLISH) expect(text).not.toMatch(english);
}

/**
 * The demo kiosk (Harbour Works, Lisbon, Portugal) in browser mode, its welcome screen in
 * `language`, with a manager (PIN 1357); shown by a Chromium set up for New York in US English,
 * so anything that follows the browser instead of the kiosk shows.
 */
async function kiosk(language: string, welcome: string) {
  const db = path.join(tempDir(), 'kiosk.db');
  await addStaff(db, MAYA);
  expect((await visaKiosk(['--db', db, 'config', 'set', 'kiosk.language', language])).code).toBe(0);
  const server = await startServe(db, ['--demo']);
  cleanup.push(server.stop);
  const context = await browser().newContext({ locale: 'en-US', timezoneId: 'America/New_York', viewport: { width: 1280, height: 800 } });
  cleanup.push(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(server.url);
  await page.getByText(welcome).waitFor();
  return { db, page };
}

type Words = typeof de;

async function signInAsManager(page: Page, words: Words) {
  await page.getByRole('button', { name: words.welcome.staff, exact: true }).click();
  await page.getByRole('list', { name: words.staffSignIn.names }).getByRole('button', { name: 'Maya Okafor', exact: true }).click();
  const typePin = async (pin: string) => {
    const pad = page.getByRole('group', { name: words.staffSignIn.pin });
    for (const digit of pin) await pad.getByRole('button', { name: digit, exact: true }).click();
    await pad.getByRole('button', { name: words.pin.ok }).click();
  };
  await typePin('0000');
  await page
    .getByRole('alert')
    .filter({ hasText: words.staffSignIn.triesLeft_other.replace('{{count}}', '4') })
    .waitFor();
  await noServiceEnglish(page);
  await typePin('1357');
  await page.getByRole('heading', { name: words.staff.header.replace('{{name}}', 'Maya Okafor') }).waitFor();
}

const tab = (page: Page, words: Words, name: keyof Words['staff']['tabs']) =>
  page.getByRole('navigation', { name: words.staff.sections }).getByRole('button', { name: words.staff.tabs[name], exact: true }).click();

/** A setting's refusal and a sync's refusal, as a manager meets them: in the screen's words, naming the field and the limit. */
async function refusals(page: Page, words: Words, shot: string) {
  await tab(page, words, 'settings');
  const idle = page.getByRole('form', { name: words.settings.field.idleSeconds });
  await idle.getByRole('textbox').fill('3');
  await idle.getByRole('button', { name: words.settings.save }).click();
  const tooSmall = words.problem.setting
    .replace('{{field}}', words.settings.field.idleSeconds)
    .replace('{{problem}}', words.problem.value.too_small.replace('{{minimum}}', '5'));
  await expect.poll(() => idle.getByRole('alert').innerText()).toBe(tooSmall);
  await noServiceEnglish(page);
  await screenshot(page, `${shot}-setting-refused`);

  await tab(page, words, 'devices');
  await page.getByRole('button', { name: words.devices.syncNow }).click();
  await expect.poll(() => page.getByRole('region', { name: words.devices.list }).getByRole('alert').innerText()).toBe(words.problem.no_feed_url);
  await noServiceEnglish(page);
  await screenshot(page, `${shot}-sync-refused`);
}

describe('a German kiosk in Lisbon, shown by a browser set to US English in New York', () => {
  it('says every refusal in German, and every time and date by the kiosk’s language and the space’s clock', { timeout: 120_000 }, async () => {
    const { db, page } = await kiosk('de', de.welcome.prompt);
    expect((await visaKiosk(['--db', db, 'checkin', 'HW-0001'])).code).toBe(0);
    await signInAsManager(page, de);

    // Today's visits: the time on Lisbon's clock, 24-hour, as German writes it.
    const log = new Database(db, { readonly: true });
    const { at } = log.prepare('SELECT at FROM visits ORDER BY id DESC LIMIT 1').get() as { at: string };
    log.close();
    const lisbon = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Lisbon' }).format(new Date(at));
    const row = page.getByRole('row').filter({ hasText: 'Inês Carvalho' });
    const time = await row.getByRole('cell').first().innerText();
    // 24-hour, as German writes it ("4:22", "16:22"): no AM or PM, and Lisbon's hour, not New York's.
    expect(time).toMatch(/^\d{1,2}:\d{2}$/);
    expect(time.padStart(5, '0')).toBe(lisbon);

    await refusals(page, de, 'words-de');

    // Expected visitors: days named in German, a button each, and the confirmation in words.
    await tab(page, de, 'expected');
    await page.getByRole('searchbox', { name: de.search.label }).fill('CC-0001');
    await page.getByRole('list', { name: de.search.results }).getByRole('button').first().click();
    const days = page.getByRole('group', { name: de.expected.date });
    await expect.poll(() => days.locator('input').count()).toBe(0);
    const labels = () => days.getByRole('button').allInnerTexts();
    await expect.poll(async () => (await labels()).slice(0, 2)).toEqual([de.when.today, de.when.tomorrow]);
    expect((await labels())[2]).toMatch(/^(Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. /);
    await days.getByRole('button', { name: de.when.tomorrow }).click();
    await page.getByRole('button', { name: de.expected.submit }).click();
    const done = await page.getByRole('status').filter({ hasText: 'angekündigt für' }).innerText();
    expect(done).toMatch(/(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d{1,2}\. \S+ \d{4}/);
    expect(done).not.toMatch(/\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4}/);
    await screenshot(page, 'words-de-expected');

    // Exports: day, month by its German name, year, in German order; no browser date field.
    await tab(page, de, 'exports');
    const from = page.getByRole('group', { name: de.exports.from });
    await expect.poll(() => from.locator('input').count()).toBe(0);
    const lists = from.getByRole('combobox');
    await expect.poll(() => lists.evaluateAll((all) => all.map((list) => list.getAttribute('aria-label')))).toEqual([de.when.day, de.when.month, de.when.year]);
    await expect.poll(() => lists.nth(1).locator('option').first().innerText()).toBe('Januar');
    await noServiceEnglish(page);
    await screenshot(page, 'words-de-exports');
  });
});

describe.each([
  ['fr', fr],
  ['es', es],
] as const)('a kiosk in %s', (language, words) => {
  it('says a setting’s limit and a sync without a feed address in its own language', { timeout: 90_000 }, async () => {
    const { page } = await kiosk(language, words.welcome.prompt);
    await signInAsManager(page, words);
    await refusals(page, words, `words-${language}`);
  });
});

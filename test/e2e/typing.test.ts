import Database from 'better-sqlite3';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useChromium } from '../fixtures/browser';
import { startServe } from '../fixtures/serve';
import { useMadeOnce } from '../fixtures/temp';
import { addStaff, MAYA } from '../fixtures/staff';

const { browser, cleanup } = useChromium();

/** A person's pace on a real keyboard: the kiosk must leave every key of it alone. */
const PERSON_MS = 120;

/** The manager, added once for the file: a PIN costs scrypt in a process of its own. */
const managed = useMadeOnce((dir) => addStaff(path.join(dir, 'kiosk.db'), MAYA));

/** The demo kiosk in browser mode, in US English (mm/dd/yyyy date fields), with a manager (PIN 1357). */
async function kiosk() {
  const db = path.join((await managed()).dir, 'kiosk.db');
  const server = await startServe(db, ['--demo']);
  cleanup.push(server.stop);
  const page = await browser().newPage({
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
  });
  cleanup.push(() => page.close());
  page.setDefaultTimeout(10_000);
  await page.goto(server.url);
  await page.getByText('Tap your badge or scan your pass').waitFor();
  return { db, page };
}

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { name });

function rows(db: string, sql: string): unknown[] {
  const log = new Database(db, { readonly: true });
  try {
    return log.prepare(sql).all();
  } finally {
    log.close();
  }
}

/** The manager's name, then her PIN typed on the computer's keyboard, as fast as a practised hand. */
async function signInByKeyboard(page: Page) {
  await page.getByRole('button', { name: 'Staff', exact: true }).click();
  await page.getByRole('list', { name: 'Staff members' }).getByRole('button', { name: 'Maya Okafor' }).click();
  await heading(page, 'PIN for Maya Okafor').waitFor();
  await page.keyboard.type('1357');
  await page.keyboard.press('Enter');
  await heading(page, 'Staff mode · Maya Okafor').waitFor();
}

const tab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Staff mode sections' }).getByRole('button', { name, exact: true }).click();

/** A reader in keyboard mode: one burst ending in Enter, `gap` ms between keys; read again if a loaded machine stretched it into "typing". */
async function scan(page: Page, text: string, shown: string, gap = 0) {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.type(`${text}\n`, { delay: gap });
    try {
      await heading(page, shown).waitFor({ timeout: 3_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

describe('a person typing on a real keyboard, with the scanner detector listening', () => {
  it('Space on a focused button presses it, and a fast scan on the welcome screen still checks someone in', async () => {
    const { db, page } = await kiosk();
    await scan(page, 'HW-0002', 'Welcome, Tiago Moreira');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'I’m a guest' }).focus();
    await page.keyboard.press('Space');
    await heading(page, 'Day pass').waitFor();
    // A name typed at a person's pace lands whole, and its Enter is the form's, not a scan.
    await page.getByRole('textbox', { name: 'Your name' }).fill('');
    await page.getByRole('textbox', { name: 'Your name' }).pressSequentially('Ana Lima', { delay: PERSON_MS });
    await expect.poll(() => page.getByRole('textbox', { name: 'Your name' }).inputValue()).toBe('Ana Lima');
    expect(rows(db, 'SELECT member_id AS member, credential_value AS value FROM visits')).toEqual([{ member: 'hw-0002', value: 'HW-0002' }]);
  });

  it('the PIN pad takes the keyboard’s digits, and a PIN typed fast is never read as a badge', async () => {
    const { db, page } = await kiosk();
    await signInByKeyboard(page);
    expect(rows(db, 'SELECT count(*) AS n FROM visits')).toEqual([{ n: 0 }]);
  });

  it('30 typed into a selected number field gives 30, a day typed on a date list picks that day, and Space ticks a checkbox', async () => {
    const { db, page } = await kiosk();
    await signInByKeyboard(page);

    await tab(page, 'Settings');
    const idle = page.getByRole('textbox', {
      name: 'Seconds before the welcome screen comes back',
    });
    await idle.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('30', { delay: PERSON_MS });
    await expect.poll(() => idle.inputValue()).toBe('30');
    await page.keyboard.press('Enter');
    await page
      .getByRole('form', {
        name: 'Seconds before the welcome screen comes back',
      })
      .getByText('Saved.')
      .waitFor();
    expect(rows(db, "SELECT value FROM settings WHERE key = 'kiosk.idleSeconds'")).toEqual([{ value: '30' }]);

    await tab(page, 'Exports');
    // Dates are picked from lists in the kiosk's language; typing on a focused list picks as it always does.
    const fromDay = page.getByRole('group', { name: 'From' }).getByRole('combobox', { name: 'Day' });
    await fromDay.focus();
    await page.keyboard.type('11', { delay: PERSON_MS });
    await expect.poll(() => fromDay.inputValue()).toBe('11');
    const bom = page.getByRole('checkbox', { name: 'Opens in Excel (adds a byte-order mark)' });
    await bom.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => bom.isChecked()).toBe(true);
    await screenshot(page, 'typing-exports');
  });
});

describe('learning a slow reader’s pace from a scan', () => {
  it('a reader typing 150 ms apart is a person until staff learn it from a scan; then its badge checks in', async () => {
    const { db, page } = await kiosk();
    // An Arduino bridge typing at 150 ms a key: taken for a person at the default limit, so nothing is logged.
    await page.keyboard.type('HW-0002\n', { delay: 150 });
    await page.waitForTimeout(500);
    await expect.poll(() => page.getByText('Tap your badge or scan your pass').isVisible()).toBe(true);
    expect(rows(db, 'SELECT count(*) AS n FROM visits')).toEqual([{ n: 0 }]);

    await signInByKeyboard(page);
    await tab(page, 'Devices');
    const panel = page.getByRole('region', { name: 'Readers that type' });
    await panel.getByText('A badge’s keys come at most 60 ms apart').waitFor();
    await panel.getByRole('button', { name: 'Learn from a scan' }).click();
    await panel.getByText('Scan a badge now.').waitFor();
    await page.keyboard.type('HW-0002\n', { delay: 150 });
    const learned = await panel.getByText(/Longest gap between keys: \d+ ms\. Suggested limit: \d+ ms\./).textContent();
    const proposed = Number(/Suggested limit: (\d+) ms/.exec(learned ?? '')?.[1]);
    expect(proposed).toBeGreaterThanOrEqual(150 * 1.5 + 20);
    await screenshot(page, 'wedge-learned');
    // Learning is no check-in.
    expect(rows(db, 'SELECT count(*) AS n FROM visits')).toEqual([{ n: 0 }]);
    await panel.getByRole('button', { name: `Use ${proposed} ms` }).click();
    await panel.getByText(`Saved: badges typed with keys up to ${proposed} ms apart are read.`).waitFor();
    expect(rows(db, "SELECT actor, detail FROM audit WHERE action = 'setting' AND detail LIKE '%wedgeGapMs%'")).toEqual([
      {
        actor: 'Maya Okafor (#1)',
        detail: JSON.stringify({
          key: 'reader.wedgeGapMs',
          before: 60,
          after: proposed,
        }),
      },
    ]);

    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByText('Tap your badge or scan your pass').waitFor();
    await scan(page, 'HW-0002', 'Welcome, Tiago Moreira', 150);
  });
});

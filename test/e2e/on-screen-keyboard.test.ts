import Database from 'better-sqlite3';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useChromium } from '../fixtures/browser';
import { visaKiosk } from '../fixtures/cli';
import { startServe } from '../fixtures/serve';
import { useMadeOnce } from '../fixtures/temp';
import { addStaff, ROSA } from '../fixtures/staff';

const { browser, cleanup } = useChromium();

/** A staff member (PIN 2468), added once for the file: a PIN costs scrypt in a process of its own. */
const staffed = useMadeOnce((dir) => addStaff(path.join(dir, 'kiosk.db'), ROSA));

/** The demo kiosk at Harbour Works (Lisbon) in browser mode, with a staff member (PIN 2468) added first. */
async function kiosk(viewport = { width: 1280, height: 800 }) {
  const db = path.join((await staffed()).dir, 'kiosk.db');
  const server = await startServe(db, ['--demo']);
  cleanup.push(server.stop);
  const page = await browser().newPage({ viewport });
  cleanup.push(() => page.close());
  page.setDefaultTimeout(10_000);
  await page.goto(server.url);
  await page.getByText('Tap your badge or scan your pass').waitFor();
  return { db, page };
}

const keyboard = (page: Page) => page.getByRole('group', { name: 'On-screen keyboard' });
const key = (page: Page, name: string) => keyboard(page).getByRole('button', { name, exact: true });

/** A finger resting on a letter until its accents show, then lifted, then a tap on the accent. */
async function longPress(page: Page, letter: string, accent: string) {
  const box = await key(page, letter).boundingBox();
  if (!box) throw new Error(`no key ${letter} on screen`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  const accents = page.getByRole('group', { name: `Accents for ${letter}` });
  await accents.waitFor();
  await page.mouse.up();
  await accents.getByRole('button', { name: accent, exact: true }).click();
}

/** Types text by tapping the keys a person would: Shift before a capital, a long press for ã, Space for a space. */
async function tapOut(page: Page, text: string) {
  for (const char of text) {
    if (char === 'ã') await longPress(page, 'a', 'ã');
    else if (char === ' ') await key(page, 'Space').click();
    else if (char !== char.toLowerCase()) {
      await key(page, 'Shift').click();
      await key(page, char).click();
    } else await key(page, char).click();
  }
}

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 800, height: 1280 },
];

/** The bottom row of the on-screen keyboard. */
const lastKeyRow = (page: Page) => keyboard(page).locator('.hg-row').last();

/** Wholly inside the viewport, and what a finger touching its middle would touch (nothing docked over it). */
function onScreen(target: Locator): Promise<boolean> {
  return target.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const inside = box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth && box.height > 0;
    const touched = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return inside && touched !== null && (el.contains(touched) || touched.contains(el));
  });
}

/** WCAG contrast between a key's edge and the first opaque background behind the key, as Chromium computes them. */
function edgeContrast(target: Locator): Promise<number> {
  return target.evaluate((el) => {
    const rgb = (css: string) => css.match(/[\d.]+/g)!.map(Number);
    const luminance = (css: string) => {
      const [r, g, b] = rgb(css)
        .slice(0, 3)
        .map((v) => v / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    let behind = el.parentElement;
    while (behind && (rgb(getComputedStyle(behind).backgroundColor)[3] ?? 1) === 0) behind = behind.parentElement;
    const ground = behind ? getComputedStyle(behind).backgroundColor : 'rgb(255, 255, 255)';
    const [light, dark] = [luminance(getComputedStyle(el).borderTopColor), luminance(ground)].sort((a, b) => b - a);
    return (light! + 0.05) / (dark! + 0.05);
  });
}

async function typePin(page: Page, pin: string, padName = 'Staff PIN') {
  const pad = page.getByRole('group', { name: padName });
  for (const digit of pin) await pad.getByRole('button', { name: digit, exact: true }).click();
  await pad.getByRole('button', { name: 'OK' }).click();
}

const caretOf = (field: Locator) => field.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd]);
const placeCaret = (field: Locator, at: number) => field.evaluate((el: HTMLInputElement, at) => el.setSelectionRange(at, at), at);

describe('the on-screen keyboard in Chromium', () => {
  it('a guest at the Lisbon kiosk taps out “João O’Neil” and “ana_b+desk@example.pt”, fixes a typo in the middle, and the day pass is logged with both', async () => {
    const { db, page } = await kiosk();
    await page.getByRole('button', { name: 'I’m a guest' }).click();
    const name = page.getByRole('textbox', { name: 'Your name' });
    const shift = key(page, 'Shift');
    await expect.poll(() => shift.getAttribute('aria-pressed')).toBe('false');
    await shift.click();
    await expect.poll(() => shift.getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'keyboard-shift-on');
    await key(page, 'J').click();
    // Shift is for one letter: it says so by turning off.
    await expect.poll(() => shift.getAttribute('aria-pressed')).toBe('false');
    await tapOut(page, "oão O'Neil");
    await expect.poll(() => name.inputValue()).toBe("João O'Neil");

    // A tap in the middle of the name puts the caret there; the keys type and delete there.
    await placeCaret(name, 2);
    await key(page, 'x').click();
    await expect.poll(() => name.inputValue()).toBe("Joxão O'Neil");
    expect(await caretOf(name)).toEqual([3, 3]);
    await key(page, 'Delete').click();
    await expect.poll(() => name.inputValue()).toBe("João O'Neil");
    expect(await caretOf(name)).toEqual([2, 2]);

    await page.getByRole('textbox', { name: 'Email (optional)' }).click();
    for (const char of '@._-+') await expect.poll(() => key(page, char).count(), { message: char }).toBe(1);
    await tapOut(page, 'ana_b+desk@example.pt');
    await screenshot(page, 'keyboard-email');
    await expect.poll(() => page.getByRole('textbox', { name: 'Email (optional)' }).inputValue()).toBe('ana_b+desk@example.pt');
    await page.getByRole('button', { name: 'Check in · €15.00' }).click();
    await page.getByRole('heading', { name: "You’re checked in, João O'Neil" }).waitFor();

    const log = new Database(db, { readonly: true });
    expect(log.prepare('SELECT name, email FROM guests').all()).toEqual([{ name: "João O'Neil", email: 'ana_b+desk@example.pt' }]);
    log.close();
  }, 60_000);

  it('each kiosk language has its own layout, and Caps lock says it is on and stays on', async () => {
    const { page } = await kiosk();
    const secondRow = async (keys: Locator) => (await keys.locator('.hg-row').nth(1).getByRole('button').allTextContents()).slice(0, 6).join('');
    for (const [language, guest, row, keyboardName, capsName] of [
      ['Deutsch', 'Ich bin Gast', 'qwertz', 'Bildschirmtastatur', 'Feststelltaste'],
      ['Français', 'Je suis invité·e', 'azerty', 'Clavier à l’écran', 'Verrouillage des majuscules'],
      ['Español', 'Soy invitado/a', 'qwerty', 'Teclado en pantalla', 'Bloqueo de mayúsculas'],
    ]) {
      await page.getByRole('button', { name: language, exact: true }).click();
      await page.getByRole('button', { name: guest }).click();
      const keys = page.getByRole('group', { name: keyboardName });
      await expect.poll(() => secondRow(keys), { message: language }).toBe(row);
      const caps = keys.getByRole('button', { name: capsName });
      await expect.poll(() => caps.getAttribute('aria-pressed')).toBe('false');
      const off = await caps.evaluate((el) => getComputedStyle(el).backgroundColor);
      await caps.click();
      await expect.poll(() => caps.getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => caps.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(off);
      await screenshot(page, `keyboard-caps-${language}`);
      for (const letter of 'AB') await keys.getByRole('button', { name: letter, exact: true }).click();
      await expect.poll(() => caps.getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => page.locator('input').first().inputValue()).toBe('AB');
      await page.getByRole('button', { name: /^(Annuler|Abbrechen|Cancelar)$/ }).click();
    }
    await page.getByRole('button', { name: 'Español', exact: true }).click();
    await page.getByRole('button', { name: 'Soy invitado/a' }).click();
    await expect.poll(() => page.getByRole('group', { name: 'Teclado en pantalla' }).getByRole('button', { name: 'ñ', exact: true }).count()).toBe(1);
  }, 60_000);

  it('keys are at least 56 px high and their edges stand out from the ground (3:1), at every screen size', async () => {
    const { page } = await kiosk();
    await page.getByRole('button', { name: 'I’m a guest' }).click();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const keys = await keyboard(page)
        .getByRole('button')
        .evaluateAll((els) => els.map((el) => ({ name: el.getAttribute('aria-label'), height: el.getBoundingClientRect().height })));
      expect(keys.length).toBeGreaterThan(40);
      expect(
        keys.filter((k) => k.height < 56),
        `${size.width}×${size.height}`,
      ).toEqual([]);
      for (const name of ['a', 'Shift', 'Space', 'Delete']) expect(await edgeContrast(key(page, name)), name).toBeGreaterThanOrEqual(3);
    }
  }, 60_000);

  it('at 1024×768, 1280×800 and 800×1280 the guest form with its errors, the override form and the lock-out leave the last keyboard row and Cancel on screen, and PIN keys have visible edges', async () => {
    const { db, page } = await kiosk();
    await page.getByRole('button', { name: 'I’m a guest' }).click();
    await page.getByRole('textbox', { name: 'Email (optional)' }).click();
    await tapOut(page, 'ana@');
    await page.getByRole('button', { name: 'Check in · €15.00' }).click();
    const name = page.getByRole('textbox', { name: 'Your name' });
    const email = page.getByRole('textbox', { name: 'Email (optional)' });
    for (const [field, message] of [
      [name, 'Please type your name.'],
      [email, 'That email address does not look right: please check it, or leave it empty.'],
    ] as const) {
      await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
      const described = await field.getAttribute('aria-describedby');
      await expect.poll(() => page.locator(`[id="${described}"]`).textContent()).toBe(message);
    }
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await screenshot(page, `guest-form-errors-${size.width}x${size.height}`);
      for (const shown of [lastKeyRow(page), page.getByRole('button', { name: 'Cancel' }), page.getByRole('button', { name: 'Check in · €15.00' })])
        expect(await onScreen(shown), `${size.width}×${size.height}`).toBe(true);
      for (const message of ['Please type your name.', 'That email address does not look right: please check it, or leave it empty.']) {
        await page.getByText(message).scrollIntoViewIfNeeded();
        expect(await onScreen(page.getByText(message)), `${message} ${size.width}×${size.height}`).toBe(true);
      }
    }
    await page.getByRole('button', { name: 'Cancel' }).click();

    await visaKiosk(['--db', db, 'checkin', 'KL-0001']);
    await page.setViewportSize(SIZES[0]!);
    await page.getByRole('button', { name: 'Staff', exact: true }).click();
    await page.getByRole('list', { name: 'Staff members' }).getByRole('button', { name: 'Rosa Díaz' }).click();
    await typePin(page, '2468');
    await page.getByRole('row').filter({ hasText: '佐藤 花子' }).getByRole('button', { name: 'Override' }).click();
    await page.getByRole('heading', { name: 'Admit 佐藤 花子 anyway' }).waitFor();
    await page.getByRole('button', { name: 'Admit', exact: true }).click();
    const reason = page.getByRole('textbox', { name: 'Reason (required)' });
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    const tooShort = page.locator(`[id="${await reason.getAttribute('aria-describedby')}"]`);
    await expect.poll(() => tooShort.getAttribute('role')).toBe('alert');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await screenshot(page, `override-form-${size.width}x${size.height}`);
      for (const shown of [lastKeyRow(page), page.getByRole('button', { name: 'Cancel' }), page.getByRole('button', { name: 'Admit', exact: true }), tooShort])
        expect(await onScreen(shown), `${size.width}×${size.height}`).toBe(true);
    }
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Lock' }).click();

    // The lock-out in German, the longest of the four languages.
    await page.getByRole('button', { name: 'Deutsch', exact: true }).click();
    await page.getByRole('button', { name: 'Team', exact: true }).click();
    await page.getByRole('list', { name: 'Teammitglieder' }).getByRole('button', { name: 'Rosa Díaz' }).click();
    const lockedOut = page.getByRole('alert').filter({ hasText: 'Die PIN-Eingabe für diesen Namen ist nach zu vielen falschen PINs gesperrt.' });
    // Wrong PINs until the name locks; the screen itself asks for a pause between fast tries, which is waited out.
    // Each PIN's answer is waited for (OK clears the last one), so a slow answer is never taken for none.
    const answer = page.getByRole('alert').filter({ hasText: /Versuch|Warten Sie|gesperrt/ });
    for (let tries = 0; tries < 12 && !(await lockedOut.isVisible()); tries++) {
      await typePin(page, '9999', 'Team-PIN');
      const wait = /Warten Sie (\d+)/.exec((await answer.textContent()) ?? '');
      if (wait) await page.waitForTimeout(Number(wait[1]) * 1000 + 200);
    }
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await screenshot(page, `lock-out-de-${size.width}x${size.height}`);
      for (const shown of [lockedOut, page.getByRole('button', { name: 'OK' }), page.getByRole('button', { name: 'Zurück zu den Namen' })])
        expect(await onScreen(shown), `${size.width}×${size.height}`).toBe(true);
      // The PIN pad's keys are keys too: their edges stand out as the keyboard's do.
      expect(await edgeContrast(page.getByRole('group', { name: 'Team-PIN' }).getByRole('button', { name: '5', exact: true }))).toBeGreaterThanOrEqual(3);
    }
  }, 120_000);
});

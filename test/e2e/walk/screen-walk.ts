import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPrice } from '../../../renderer/i18n';
import { ARTIFACTS, useChromium } from '../../fixtures/browser';
import { visaKiosk } from '../../fixtures/cli';
import { startServe } from '../../fixtures/serve';
import { useMadeOnce } from '../../fixtures/temp';
import { axeFindings, type AxeFinding } from './axe';
import { unreachableControls } from './fits';
import { words, wordsPattern, type Language } from './words';
import { addStaff, MAYA, ROSA } from '../../fixtures/staff';

export const SIZES = { landscape: { width: 1280, height: 800 }, portrait: { width: 800, height: 1280 }, small: { width: 1024, height: 768 } } as const;
export type Size = keyof typeof SIZES;

/** What the walk found on one screen that a person would trip over. */
interface Problem {
  screen: string;
  axe: AxeFinding[];
  offScreen: string[];
}

/**
 * Issue 2/5: each screen at three sizes in English and German, and at the smallest in French and
 * Spanish, walked as a person would, with axe-core and a check that every control can be reached.
 * The walks are shared by two test files (screen-walk-*.test.ts), so the two test workers take half each.
 */
export function walkEveryScreen(walks: [Size, Language][]): ReturnType<typeof useChromium> {
  const chromium = useChromium();
  const { browser, cleanup } = chromium;

  /** Two staff accounts, added once for the file (a PIN costs scrypt in a process of its own); each walk serves a copy. */
  const staffed = useMadeOnce(async (dir) => {
    const db = path.join(dir, 'kiosk.db');
    await addStaff(db, MAYA, ROSA);
  });

  async function kiosk(language: Language) {
    const db = path.join((await staffed()).dir, 'kiosk.db');
    expect((await visaKiosk(['--db', db, 'config', 'set', 'kiosk.language', language])).code).toBe(0);
    const server = await startServe(db, ['--demo']);
    cleanup.push(server.stop);
    return server;
  }

  describe.each(walks)('every screen at %s size in %s', (size, language) => {
    it('has nothing axe-core finds, and every control on screen or in a scrolling area', { timeout: 240_000 }, async () => {
      const server = await kiosk(language);
      const page = await browser().newPage({ viewport: SIZES[size], locale: 'en-US', timezoneId: 'America/New_York' });
      cleanup.push(() => page.close());
      page.setDefaultTimeout(15_000);
      const w = (key: string, values?: Record<string, string | number>) => words(language, key, values);
      const heading = (name: string) => page.getByRole('heading', { name, exact: true });
      const button = (name: string) => page.getByRole('button', { name, exact: true });
      const folder = path.join(ARTIFACTS, '..', 'screens', `${size}-${language}`);
      fs.mkdirSync(folder, { recursive: true });
      const problems: Problem[] = [];
      let shot = 0;

      /** Looks at the screen as it is: a picture for artifacts/, axe-core, and what is out of reach. */
      const look = async (screen: string) => {
        await page.evaluate(() => document.fonts.ready);
        shot += 1;
        await page.screenshot({ path: path.join(folder, `${String(shot).padStart(2, '0')}-${screen}.png`) });
        const found = {
          screen,
          axe: await axeFindings(page),
          offScreen: await unreachableControls(page, { keyboard: w('keyboard.label'), stayInView: [w('actions.cancel')] }),
        };
        if (found.axe.length > 0 || found.offScreen.length > 0) problems.push(found);
      };
      const typeBadge = async (badge: string) => {
        await button(w('welcome.typeBadge')).click();
        const field = page.getByRole('textbox', { name: w('typeBadge.field') });
        // A person typing, slower than any scanner.
        await field.pressSequentially(badge, { delay: 120 });
        await field.press('Enter');
      };
      const pin = async (digits: string) => {
        const pad = page.getByRole('group', { name: w('staffSignIn.pin') });
        for (const digit of digits) await pad.getByRole('button', { name: digit, exact: true }).click();
        await pad.getByRole('button', { name: w('pin.ok') }).click();
      };

      await page.goto(server.url);
      await page.getByText(w('welcome.prompt')).waitFor();
      await look('welcome');

      await button(w('welcome.typeBadge')).click();
      await heading(w('typeBadge.heading')).waitFor();
      await look('type-badge');
      await button(w('actions.cancel')).click();

      await typeBadge('HW-0002');
      await heading(w('admitted.heading', { name: 'Tiago Moreira' })).waitFor();
      await look('admitted');
      await button(w('actions.done')).click();

      await typeBadge('KL-0001');
      await heading(`${w('denied.heading')}, 佐藤 花子`).waitFor();
      await look('denied');
      await button(w('actions.done')).click();

      await button(w('welcome.guest')).click();
      await heading(w('guest.heading')).waitFor();
      await look('guest-form');
      await page.getByRole('textbox', { name: w('guest.email') }).fill('not an email');
      await button(w('guest.submit', { price: formatPrice('15.00', 'EUR', language) })).click();
      await page.getByText(w('guest.nameRequired')).waitFor();
      await look('guest-form-errors');
      await button(w('actions.cancel')).click();

      await button(w('welcome.staff')).click();
      await heading(w('staffSignIn.heading')).waitFor();
      await look('staff-names');
      await page
        .getByRole('list', { name: w('staffSignIn.names') })
        .getByRole('button', { name: 'Maya Okafor', exact: true })
        .click();
      await heading(w('staffSignIn.pinFor', { name: 'Maya Okafor' })).waitFor();
      await look('staff-pin');
      await pin('1357');
      await heading(w('staff.header', { name: 'Maya Okafor' })).waitFor();

      const tabs = page.getByRole('navigation', { name: w('staff.sections') });
      await page.getByRole('row').filter({ hasText: '佐藤 花子' }).waitFor();
      await look('staff-today');
      await page
        .getByRole('row')
        .filter({ hasText: '佐藤 花子' })
        .getByRole('button', { name: w('today.override') })
        .click();
      await heading(w('today.overrideHeading', { name: '佐藤 花子' })).waitFor();
      await look('staff-override');
      await page.getByRole('button', { name: w('today.overrideSubmit'), exact: true }).click();
      await page.getByText(w('reasonForm.tooShort')).waitFor();
      await look('staff-override-errors');
      await button(w('actions.cancel')).click();

      for (const [tab, screen] of [
        ['checkIn', 'staff-check-in-by-hand'],
        ['dayPass', 'staff-day-pass'],
        ['expected', 'staff-expected'],
        ['devices', 'staff-devices'],
        ['exports', 'manager-exports'],
        ['settings', 'manager-settings'],
        ['accounts', 'manager-accounts'],
        ['privacy', 'manager-privacy'],
        ['audit', 'manager-audit'],
      ] as const) {
        await tabs.getByRole('button', { name: w(`staff.tabs.${tab}`), exact: true }).click();
        await page.getByRole('heading', { level: 2 }).first().waitFor();
        await page.waitForLoadState('networkidle');
        await look(screen);
      }
      await button(w('staff.lock')).click();
      await page.getByText(w('welcome.prompt')).waitFor();

      // Wrong PINs: the tries left, then this screen made to wait.
      await button(w('welcome.staff')).click();
      await page
        .getByRole('list', { name: w('staffSignIn.names') })
        .getByRole('button', { name: 'Rosa Díaz', exact: true })
        .click();
      await pin('0000');
      await page
        .getByRole('alert')
        .filter({ hasText: w('staffSignIn.triesLeft_other', { count: 4 }) })
        .waitFor();
      await look('staff-pin-wrong');
      for (let wrong = 0; wrong < 3; wrong++) await pin('0000');
      await page
        .getByRole('alert')
        .filter({ hasText: wordsPattern(language, 'staffSignIn.wait_other') })
        .waitFor();
      await look('staff-pin-wait');

      expect(problems).toEqual([]);
    });
  });

  return chromium;
}

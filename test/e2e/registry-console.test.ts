import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnrolmentCode } from '../../core/registry/enrolment-code';
import { screenshot, useChromium } from '../fixtures/browser';
import { COORDINATOR_PASSWORD, enrol, makeRegistry, signedFetch, startRegistry, type RunningRegistry } from '../fixtures/registry-server';
import { axeFindings } from './walk/axe';
import { unreachableControls } from './walk/fits';

const { browser, cleanup } = useChromium();
let dir: string;
let server: RunningRegistry;
let codes: Record<string, string>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'visa-kiosk-console-e2e-'));
  codes = await makeRegistry(dir, ['cedar']);
  server = await startRegistry(dir);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * The console in a fresh window of `width`×`height`; what the page complained of (a script or style
 * the policy refused, an uncaught error) is collected. Refused requests (401 before signing in) are the API's answers, not complaints.
 */
async function openConsole(width: number, height: number) {
  const context = await browser().newContext({
    viewport: { width, height },
    locale: 'en-GB',
    timezoneId: 'Asia/Tokyo',
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  cleanup.push(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const complaints: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) complaints.push(message.text());
  });
  page.on('pageerror', (error) => complaints.push(error.message));
  await page.goto(`${server.url}/console/`);
  return { page, complaints };
}

async function signIn(page: Page) {
  await page.getByLabel('Coordinator password').fill(COORDINATOR_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Spaces', level: 1 }).waitFor();
}

const reachable = (page: Page) => unreachableControls(page, { keyboard: '', stayInView: [] });

describe('the coordinator console in Chromium', () => {
  it('signs in, enrols a space and shows its code once, then reads that enrolment in the change log', async () => {
    const { page, complaints } = await openConsole(1280, 800);
    await page.getByRole('heading', { name: 'Coordinator sign-in' }).waitFor();
    expect(await axeFindings(page)).toEqual([]);

    await page.getByLabel('Coordinator password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('That is not the coordinator password.');
    await signIn(page);
    // The heading shows before the spaces arrive: a count taken at once could find none.
    const cedarActive = page.getByRole('row', { name: /Space cedar/ }).getByRole('cell', { name: 'Active' });
    await cedarActive.waitFor();
    await expect.poll(() => cedarActive.count()).toBe(1);
    expect(await axeFindings(page)).toEqual([]);

    await page.getByRole('button', { name: 'Add a space' }).click();
    await page.getByLabel('Short id').fill('harbour');
    await page.getByLabel('Name').fill('Harbour Works');
    await page.getByLabel('City').fill('Porto');
    await page.getByLabel('Country code').fill('pt');
    await page.getByLabel('Time zone').fill('Europe/Lisbon');
    expect(await axeFindings(page)).toEqual([]);
    await page.getByRole('button', { name: 'Add space' }).click();

    const code = page.getByRole('status', { name: 'Enrolment code for Harbour Works' });
    await code.waitFor();
    const shown = (await code.textContent())!;
    expect(parseEnrolmentCode(shown)).toMatchObject({ space: 'harbour' });
    await screenshot(page, 'registry-console-code');
    expect(await axeFindings(page)).toEqual([]);
    await page.getByRole('button', { name: 'Copy code' }).click();
    await expect.poll(() => page.getByText('Copied.').count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
    await page.getByRole('button', { name: 'Done, hide the code' }).click();
    await expect.poll(() => page.getByText(shown).count()).toBe(0);
    const harbour = page.getByRole('row', { name: /Harbour Works/ });
    await expect.poll(() => harbour.getByRole('cell', { name: 'Active' }).count()).toBe(1);

    // Suspending asks first; nothing changes until the coordinator says yes.
    await page.getByRole('button', { name: 'Suspend Harbour Works' }).click();
    const confirm = page.getByRole('alertdialog');
    await expect.poll(() => confirm.textContent()).toContain('Its members stay on the list.');
    expect(await axeFindings(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Yes, suspend' }).click();
    await harbour.getByRole('cell', { name: 'Suspended' }).waitFor();
    await page.getByRole('button', { name: 'Resume Harbour Works' }).waitFor();

    await page.getByRole('button', { name: 'Change log' }).click();
    const log = page.getByRole('table', { name: 'Change log' });
    await log.waitFor();
    const rows = log.getByRole('row');
    await expect
      .poll(() => rows.nth(1).getByRole('cell').allInnerTexts())
      .toEqual([
        expect.any(String),
        'Coordinator',
        'harbour',
        'Space suspended\nHarbour Works suspended',
        // The running registry publishes a coordinator's change within seconds: the log shows "not yet" or its sequence.
        expect.stringMatching(/^(not yet|\d+)$/),
      ]);
    await expect
      .poll(() => rows.nth(2).getByRole('cell').allInnerTexts())
      .toEqual([expect.any(String), 'Coordinator', 'harbour', 'Space enrolled\nenrolled Harbour Works', expect.stringMatching(/^(not yet|\d+)$/)]);
    await screenshot(page, 'registry-console-change-log');
    expect(await axeFindings(page)).toEqual([]);

    for (const section of ['Publications', 'Kiosks']) {
      await page.getByRole('button', { name: section }).click();
      await page.getByRole('heading', { name: section, level: 1 }).waitFor();
      // The running registry has published the enrolled space by now: the history lists that publication.
      if (section === 'Kiosks') await page.getByText('No kiosk has joined yet.').waitFor();
      else await page.getByRole('row').nth(1).waitFor();
      expect(await axeFindings(page)).toEqual([]);
    }
    expect(complaints).toEqual([]);
  }, 120_000);

  it('fits a 1024×768 screen, speaks the browser’s language, and a session ended by signing out asks for the password again', async () => {
    const context = await browser().newContext({ viewport: { width: 1024, height: 768 }, locale: 'de-DE' });
    cleanup.push(() => context.close());
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/console/`);
    await page.getByLabel('Passwort der Koordination').fill(COORDINATOR_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { name: 'Spaces', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect(await reachable(page)).toEqual([]);
    await page.getByRole('button', { name: 'Space hinzufügen' }).click();
    expect(await reachable(page)).toEqual([]);
    // The registry refuses in English for logs; the console words the refusal by its code.
    await page.getByLabel('Kurzname (Buchstaben, Ziffern, Punkte, Unterstriche, Striche)').fill('cedar');
    await page.getByLabel('Name', { exact: true }).fill('Cedar again');
    await page.getByLabel('Stadt').fill('Porto');
    await page.getByLabel('Ländercode (zwei Buchstaben, z. B. DE)').fill('pt');
    await page.getByLabel('Zeitzone').fill('Europe/Lisbon');
    await page.getByRole('button', { name: 'Space hinzufügen' }).last().click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Ein Space mit dieser ID ist schon aufgenommen.');
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await page.getByRole('button', { name: 'Änderungen' }).click();
    await page
      .getByRole('table', { name: 'Änderungen' })
      .getByRole('cell', { name: /Space gesperrt/ })
      .waitFor();
    expect(await reachable(page)).toEqual([]);
    await screenshot(page, 'registry-console-de-1024');
    expect(await axeFindings(page)).toEqual([]);

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByLabel('Passwort der Koordination').waitFor();
    await page.reload();
    await page.getByLabel('Passwort der Koordination').waitFor();
  }, 120_000);

  it('keeps each header button on one line at 1280 px, and on a 390 px phone scrolls a wide table in its own box, not the page', async () => {
    const { page } = await openConsole(1280, 800);
    await signIn(page);
    const signOut = await page.getByRole('button', { name: 'Sign out' }).boundingBox();
    const spaces = await page.getByRole('button', { name: 'Spaces' }).boundingBox();
    expect(signOut!.height).toBe(spaces!.height);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('table').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'registry-console-phone');
  }, 60_000);

  it('says which field the registry refused and why, on that field, and takes the ids its label says it takes', async () => {
    const { page, complaints } = await openConsole(1280, 800);
    await signIn(page);
    await page.getByRole('button', { name: 'Add a space' }).click();
    const id = page.getByRole('textbox', { name: 'Short id (letters, digits, dots, underscores, dashes)' });
    await id.fill('Dock_1');
    await page.getByRole('textbox', { name: 'Name' }).fill('Dock One');
    await page.getByRole('textbox', { name: 'City' }).fill('Porto');
    await page.getByRole('textbox', { name: 'Country code (two letters, like DE)' }).fill('pt');
    const zone = page.getByRole('combobox', { name: 'Time zone' });
    await zone.fill('Mars/Base');
    await page.getByRole('button', { name: 'Add space' }).click();
    const refusal = 'The time zone “Mars/Base” is not an IANA time zone, like Europe/Berlin.';
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(refusal);
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    expect(await zone.evaluate((input) => (input as HTMLInputElement).ariaDescribedByElements?.map((e) => e.textContent))).toEqual([refusal]);
    expect(await axeFindings(page)).toEqual([]);

    await zone.fill('Europe/Lisbon');
    await page.getByRole('button', { name: 'Add space' }).click();
    await page.getByRole('status', { name: 'Enrolment code for Dock One' }).waitFor();
    expect(complaints).toEqual([]);
  }, 120_000);

  it('revokes a stolen kiosk after saying what that does: the registry refuses it from its next request, and the list says so', async () => {
    const kiosk = await enrol(server.url, codes.cedar!);
    expect((await signedFetch(server.url, kiosk, '/v1/timestamp')).status).toBe(200);
    const member = { id: 'c-console', name: 'Ada Console', status: 'active' };
    expect((await signedFetch(server.url, kiosk, '/v1/spaces/cedar/members', { method: 'POST', body: member })).status).toBe(201);
    const { page, complaints } = await openConsole(1280, 800);
    await signIn(page);
    await page.getByRole('button', { name: 'Kiosks' }).click();
    const row = page.getByRole('row', { name: /front desk/ });
    await row.getByRole('cell', { name: 'Active' }).waitFor();
    await page.getByRole('button', { name: 'Revoke kiosk front desk' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.innerText()).toContain('Revoke kiosk front desk? The registry refuses it from its next request');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await signedFetch(server.url, kiosk, '/v1/timestamp')).status).toBe(200);
    await page.getByRole('button', { name: 'Revoke kiosk front desk' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, revoke' }).click();
    await row.getByRole('cell', { name: 'Revoked' }).waitFor();
    expect(await page.getByRole('button', { name: 'Revoke kiosk front desk' }).count()).toBe(0);
    await screenshot(page, 'registry-console-kiosk-revoked');
    expect(await axeFindings(page)).toEqual([]);
    expect(await signedFetch(server.url, kiosk, '/v1/timestamp')).toMatchObject({ status: 403, json: { error: { code: 'kiosk_revoked' } } });
    await page.getByRole('button', { name: 'Change log' }).click();
    await page.getByRole('table', { name: 'Change log' }).getByText('Kiosk revoked').first().waitFor();
    // The member a change was made to is named, and each time says its zone (the browser's: Tokyo).
    const added = page.getByRole('row', { name: /Member added/ }).first();
    await added.getByText('c-console').waitFor();
    expect(await added.getByRole('cell').first().innerText()).toMatch(/\d{1,2}:\d{2}( [AP]M)? GMT\+9$/);
    expect(complaints).toEqual([]);
  }, 120_000);
});

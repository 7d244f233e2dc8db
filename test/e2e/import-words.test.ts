import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { de } from '../../renderer/locales/de';
import { demoFeed } from '../../service/demo-data';
import { screenshot, useChromium } from '../fixtures/browser';
import { visaKiosk } from '../fixtures/cli';
import { startServe } from '../fixtures/serve';
import { useTempDir } from '../fixtures/temp';
import { words } from './walk/words';
import { addStaff, MAYA } from '../fixtures/staff';

const tempDir = useTempDir();
const { browser, cleanup } = useChromium();

/** The command line's English for record problems and CSV refusals: none of it may reach a German screen. */
const SERVICE_ENGLISH = [
  /members\[/,
  /spaces\[/,
  /listed twice/,
  /is not one of/,
  /claimed by members/,
  /given to neither/,
  /hexadecimal UID/,
  /is for RFID cards/,
  /the CSV was refused/,
  /\brow \d/,
  /installed visa list/,
];

/** The demo list, one number newer, with a record of each kind an install leaves out. */
function badFeed(): string {
  const feed = demoFeed() as unknown as { sequence: number; members: Record<string, unknown>[] };
  feed.sequence = 2;
  const listed = feed.members.length;
  feed.members[1]!.status = 'retired';
  feed.members.push(
    { id: 'xx-1', space: 'harbour-works', name: 'Ola', status: 'active', credentials: [{ kind: 'rfid', value: 'zz' }] },
    { id: 'xx-2', space: 'atlantis', name: 'Per', status: 'active' },
    { ...feed.members[0]!, name: 'Again', credentials: [] },
    { id: 'xx-3', space: 'harbour-works', name: 'Copy', status: 'active', credentials: [{ kind: 'barcode', value: 'HW-0003' }] },
  );
  expect(listed).toBeGreaterThan(3);
  return JSON.stringify(feed);
}

/** The demo kiosk in German in browser mode, a manager (PIN 1357) signed in on its Devices page. */
async function germanManager(): Promise<Page> {
  const db = path.join(tempDir(), 'kiosk.db');
  await addStaff(db, MAYA);
  expect((await visaKiosk(['--db', db, 'config', 'set', 'kiosk.language', 'de'])).code).toBe(0);
  const server = await startServe(db, ['--demo']);
  cleanup.push(server.stop);
  const page = await browser().newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  cleanup.push(() => page.close());
  page.setDefaultTimeout(15_000);
  await page.goto(server.url);
  await page.getByRole('button', { name: de.welcome.staff, exact: true }).click();
  await page.getByRole('list', { name: de.staffSignIn.names }).getByRole('button', { name: 'Maya Okafor', exact: true }).click();
  const pad = page.getByRole('group', { name: de.staffSignIn.pin });
  for (const digit of '1357') await pad.getByRole('button', { name: digit, exact: true }).click();
  await pad.getByRole('button', { name: de.pin.ok }).click();
  await page.getByRole('navigation', { name: de.staff.sections }).getByRole('button', { name: de.staff.tabs.devices, exact: true }).click();
  return page;
}

async function noServiceEnglish(page: Page) {
  const text = await page.locator('body').innerText();
  for (const english of SERVICE_ENGLISH) expect(text).not.toMatch(english);
}

const member = (number: number, id: string) => words('de', 'problem.record.memberId', { number, id });

describe('a German manager installs a visa list from a file', () => {
  it('reads which records were left out and why in German, and why a member list was refused', { timeout: 120_000 }, async () => {
    const page = await germanManager();
    const list = page.getByRole('region', { name: de.devices.list });
    const upload = list.getByLabel(de.devices.importFile);

    await upload.setInputFiles({ name: 'visa.json', mimeType: 'application/json', buffer: Buffer.from(badFeed()) });
    const outcome = list.getByRole('status');
    await outcome.getByText(/^Liste installiert: Nummer 2, /).waitFor();
    const count = demoFeed().members.length;
    await expect
      .poll(() => outcome.getByRole('listitem').allInnerTexts())
      .toEqual([
        words('de', 'devices.skipped', { count: 5 }),
        words('de', 'problem.record.field', { record: member(2, 'hw-0002'), field: 'status', problem: de.problem.value.not_a_choice }),
        words('de', 'problem.record.field', { record: member(count + 1, 'xx-1'), field: 'credentials[0]', problem: de.problem.credential.not_hex }),
        words('de', 'problem.record.unknown_space', { record: member(count + 2, 'xx-2'), space: 'atlantis' }),
        words('de', 'problem.record.listed_twice', { record: member(count + 3, 'hw-0001') }),
        expect.stringMatching(
          /^Die Karte barcode:HW-0003 ist mehreren Mitgliedern zugeordnet \((hw-0003, xx-3|xx-3, hw-0003)\): Keines von ihnen erhält sie\.$/,
        ),
      ]);
    await noServiceEnglish(page);
    await outcome.scrollIntoViewIfNeeded();
    await screenshot(page, 'import-words-de-feed');

    const csv = [
      'id,space,name,email,status,validUntil,credentials',
      'hw-0001,harbour-works,Inês,,active,,rfid:zz',
      'hw-0002,harbour-works,Rui,,active,,',
    ].join('\n');
    await upload.setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const refusal = list.getByRole('alert');
    await refusal.waitFor();
    await expect
      .poll(() => refusal.innerText())
      .toBe(
        words('de', 'problem.csv.refused', {
          problems: words('de', 'problem.csv.credential', { row: 2, entry: 'rfid:zz', problem: de.problem.credential.not_hex }),
        }),
      );
    await noServiceEnglish(page);
    await refusal.scrollIntoViewIfNeeded();
    await screenshot(page, 'import-words-de-csv');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useChromium } from '../fixtures/browser';
import { visaKiosk } from '../fixtures/cli';
import { makeRegistry, startRegistry } from '../fixtures/registry-server';
import { startServe } from '../fixtures/serve';
import { useTempDir } from '../fixtures/temp';
import { axeFindings } from './walk/axe';
import { addStaff, MAYA } from '../fixtures/staff';

const tempDir = useTempDir();
const { browser, cleanup } = useChromium();

const ROSTER = [
  'id,space,name,email,status,validUntil,credentials',
  'hw-1,harbour,Inês Carvalho,,active,,barcode:HW-1',
  'hw-2,harbour,Rui Costa,,active,,rfid.decimal:0004340757',
].join('\n');

async function signInManager(page: Page) {
  await page.getByRole('button', { name: 'Staff', exact: true }).click();
  await page.getByRole('list', { name: 'Staff members' }).getByRole('button', { name: 'Maya Okafor', exact: true }).click();
  const pad = page.getByRole('group', { name: 'Staff PIN' });
  for (const digit of '1357') await pad.getByRole('button', { name: digit, exact: true }).click();
  await pad.getByRole('button', { name: 'OK' }).click();
  await page.getByRole('heading', { name: 'Staff mode · Maya Okafor' }).waitFor();
}

async function uploadRoster(page: Page) {
  await page.getByLabel('Choose a member list').setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(ROSTER) });
}

/** What the preview shows for each group: its count and its first members. */
async function previewShown(page: Page) {
  const shown: Record<string, { count: string; first: string[] }> = {};
  for (const group of ['Added', 'Changed', 'Removed']) {
    const definition = page.locator('dt', { hasText: group }).locator('xpath=following-sibling::dd[1]');
    const list = page.getByRole('list', { name: `${group}: First members` });
    shown[group] = {
      count: (await definition.locator('strong').textContent()) ?? '',
      first: (await list.count()) === 0 ? [] : await list.getByRole('listitem').allTextContents(),
    };
  }
  return shown;
}

describe('the Alliance page of the manager console in Chromium', () => {
  it("a manager joins a real registry with the coordinator's code, previews the space's CSV roster, publishes it, sees its sequence and downloads the members' pass links", async () => {
    const dir = tempDir();
    const registryDir = path.join(dir, 'registry');
    fs.mkdirSync(registryDir);
    const codes = await makeRegistry(registryDir, ['harbour']);
    const registry = await startRegistry(registryDir);
    cleanup.push(registry.stop);

    const db = path.join(dir, 'kiosk.db');
    await addStaff(db, MAYA);
    const server = await startServe(db, ['--demo']);
    cleanup.push(server.stop);
    const page = await browser().newPage({ viewport: { width: 1920, height: 1080 } });
    cleanup.push(() => page.close());
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByText('Tap your badge or scan your pass').waitFor();

    await signInManager(page);
    await page.getByRole('navigation', { name: 'Staff mode sections' }).getByRole('button', { name: 'Alliance', exact: true }).click();
    await page.getByRole('button', { name: 'Join the alliance' }).waitFor();
    expect(await axeFindings(page)).toEqual([]);

    await page.getByRole('textbox', { name: 'Registry address' }).fill(registry.url);
    await page.getByRole('textbox', { name: 'Enrolment code' }).fill(codes.harbour!);
    await page.getByRole('button', { name: 'Join the alliance' }).click();
    await page.getByText('This kiosk belongs to the alliance “Test Alliance” as the space “harbour”.').waitFor();
    await page.getByText(`Registry: ${registry.url}`).waitFor();
    expect(await axeFindings(page)).toEqual([]);

    await uploadRoster(page);
    await page.getByRole('heading', { name: 'What would change' }).waitFor();
    expect(await previewShown(page)).toEqual({
      Added: { count: '2', first: ['Inês Carvalho (hw-1)', 'Rui Costa (hw-2)'] },
      Changed: { count: '0', first: [] },
      Removed: { count: '0', first: [] },
    });
    expect(await axeFindings(page)).toEqual([]);
    await screenshot(page, 'alliance-preview');

    await page.getByRole('button', { name: 'Publish' }).click();
    const published = page.getByText(/^Published\. The alliance list is now at sequence \d+\.$/);
    await published.waitFor();
    expect(await axeFindings(page)).toEqual([]);

    // The registry has the roster now: the same file again changes nothing.
    await page.getByRole('button', { name: 'Done' }).click();
    await uploadRoster(page);
    await page.getByText('Nothing would change: the registry already has this list.').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Publish' }).count()).toBe(0);
    // A member left out is named as it is in this kiosk's list, not by its id alone.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page
      .getByLabel('Choose a member list')
      .setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(ROSTER.split('\n').slice(0, 2).join('\n')) });
    await page.getByRole('heading', { name: 'What would change' }).waitFor();
    expect((await previewShown(page)).Removed).toEqual({ count: '1', first: ['Rui Costa (hw-2)'] });

    // Every member's pass link, for the space's mail merge.
    await page.getByRole('button', { name: 'Cancel' }).click();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download pass links' }).click()]);
    await page.getByText('Downloaded the pass links of 2 members as pass-links-harbour.csv.').waitFor();
    expect(file.suggestedFilename()).toBe('pass-links-harbour.csv');
    const rows = fs
      .readFileSync((await file.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(rows[0]).toBe('\uFEFFmember_id,name,email,status,pass_link');
    expect(rows.slice(1).map((row) => row.split(',').slice(0, 2).join(','))).toEqual(['hw-1,Inês Carvalho', 'hw-2,Rui Costa']);
    expect(rows[1]).toMatch(/,https:\/\/registry\.example\.org\/pass\/harbour\/hw-1\/[A-Za-z0-9_-]{22}$/);
  }, 120_000);

  it('an enrolment code used once already is refused in plain words, from the refusal’s code', async () => {
    const dir = tempDir();
    const registryDir = path.join(dir, 'registry');
    fs.mkdirSync(registryDir);
    const codes = await makeRegistry(registryDir, ['harbour']);
    const registry = await startRegistry(registryDir);
    cleanup.push(registry.stop);
    const first = await visaKiosk(['--db', path.join(dir, 'first.db'), 'alliance', 'join', registry.url, codes.harbour!]);
    expect(first.code).toBe(0);

    const db = path.join(dir, 'kiosk.db');
    await addStaff(db, MAYA);
    const server = await startServe(db, ['--demo']);
    cleanup.push(server.stop);
    const page = await browser().newPage({ viewport: { width: 1920, height: 1080 } });
    cleanup.push(() => page.close());
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByText('Tap your badge or scan your pass').waitFor();
    await signInManager(page);
    await page.getByRole('navigation', { name: 'Staff mode sections' }).getByRole('button', { name: 'Alliance', exact: true }).click();
    await page.getByRole('textbox', { name: 'Registry address' }).fill(registry.url);
    await page.getByRole('textbox', { name: 'Enrolment code' }).fill(codes.harbour!);
    await page.getByRole('button', { name: 'Join the alliance' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('This enrolment code was used already: ask the coordinator for a new one.');
    await expect.poll(() => page.getByRole('button', { name: 'Join the alliance' }).count()).toBe(1);
    expect(await axeFindings(page)).toEqual([]);
  }, 120_000);
});

import Database from 'better-sqlite3';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useChromium } from '../fixtures/browser';
import { visaKiosk } from '../fixtures/cli';
import { startServe } from '../fixtures/serve';
import { useTempDir } from '../fixtures/temp';
import { addStaff, ROSA } from '../fixtures/staff';

const tempDir = useTempDir();
const { browser, cleanup } = useChromium();

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { name });

async function openPage(url: string): Promise<Page> {
  const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
  cleanup.push(() => page.close());
  page.setDefaultTimeout(10_000);
  await page.goto(url);
  await page.getByText('Tap your badge or scan your pass').waitFor();
  return page;
}

/** A visitor whose badge number, typed at the kiosk, is refused. */
async function deniedVisitor(page: Page) {
  await page.getByRole('button', { name: 'Type my badge number' }).click();
  await page.getByRole('textbox', { name: 'Badge number' }).fill('KL-0001');
  await page.getByRole('button', { name: 'Check in' }).click();
  await heading(page, 'We can’t check you in, 佐藤 花子').waitFor();
}

async function signIn(page: Page) {
  await page.getByRole('button', { name: 'Staff', exact: true }).click();
  await page.getByRole('list', { name: 'Staff members' }).getByRole('button', { name: 'Rosa Díaz', exact: true }).click();
  const pad = page.getByRole('group', { name: 'Staff PIN' });
  for (const digit of '2468') await pad.getByRole('button', { name: digit, exact: true }).click();
  await pad.getByRole('button', { name: 'OK' }).click();
  await heading(page, 'Staff mode · Rosa Díaz').waitFor();
}

describe('calls for staff in Chromium', () => {
  it('a call nobody took tells the visitor to go to the desk; a staff screen opened later shows it until dismissed; with one open, the visitor hears help is coming', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    await addStaff(db, ROSA);
    expect((await visaKiosk(['--db', db, 'config', 'set', 'desk.callWaitSeconds', '3'])).code).toBe(0);
    const server = await startServe(db, ['--demo']);
    cleanup.push(server.stop);

    const visitor = await openPage(server.url);
    await deniedVisitor(visitor);
    await visitor.getByRole('button', { name: 'Call staff' }).click();
    await heading(visitor, 'Calling the front desk…').waitFor();
    await expect.poll(() => visitor.getByText('Someone from the front desk is on their way.').count()).toBe(0);
    await heading(visitor, 'Nobody could be reached.').waitFor();
    await visitor.getByText('Please go to the front desk.', { exact: false }).waitFor();
    await screenshot(visitor, 'call-unanswered');
    await visitor.getByRole('button', { name: 'Done' }).click();

    const desk = await openPage(server.url);
    await signIn(desk);
    const banner = desk.getByRole('alert', { name: 'Someone at the kiosk needs help' });
    await banner.getByText(/^佐藤 花子 · Badge KL-0001 · Asked at /).waitFor();
    await screenshot(desk, 'call-on-staff-screen');

    await deniedVisitor(visitor);
    await visitor.getByRole('button', { name: 'Call staff' }).click();
    await heading(visitor, 'Someone from the front desk is on their way.').waitFor();
    await expect.poll(() => banner.getByRole('listitem').count()).toBe(2);

    await banner
      .getByRole('button', { name: /^Dismiss the call of / })
      .first()
      .click();
    await expect.poll(() => banner.getByRole('listitem').count()).toBe(1);
    const log = new Database(db, { readonly: true });
    const trail = log.prepare("SELECT actor, action FROM audit WHERE action LIKE '%call%' ORDER BY id").all();
    log.close();
    expect(trail).toEqual([
      { actor: 'screen at 127.0.0.1', action: 'staff call' },
      { actor: 'screen at 127.0.0.1', action: 'staff call' },
      { actor: 'Rosa Díaz (#1)', action: 'dismiss staff call' },
    ]);
  }, 60_000);
});

import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useChromium } from '../fixtures/browser';
import { visaKiosk } from '../fixtures/cli';
import { startServe } from '../fixtures/serve';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';
import { axeFindings } from './walk/axe';

const tempDir = useTempDir();
const { browser, cleanup } = useChromium();

const heading = (page: Page, name: string) => page.getByRole('heading', { name });

async function run(db: string, ...args: string[]) {
  const done = await visaKiosk(['--db', db, ...args], { input: '2468\n' });
  expect(done).toMatchObject({ code: 0, stderr: '' });
  return done.stdout;
}

/** How many check-ins each page has sent the kiosk. */
const sent = new Map<Page, number>();

/** The demo kiosk in browser mode with Rosa Díaz (staff, PIN 2468). */
async function kiosk() {
  const db = path.join(tempDir(), 'kiosk.db');
  await run(db, 'staff', 'add', '--name', 'Rosa Díaz', '--role', 'staff');
  const server = await startServe(db, ['--demo']);
  cleanup.push(server.stop);
  const open = async () => {
    const page = await browser().newPage({ viewport: { width: 1920, height: 1080 } });
    cleanup.push(() => page.close());
    page.setDefaultTimeout(10_000);
    page.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) => String(payload).includes('"method":"checkin"') && sent.set(page, (sent.get(page) ?? 0) + 1)),
    );
    await page.goto(server.url);
    await page.getByText('Tap your badge or scan your pass').waitFor();
    return page;
  };
  return { db, open };
}

async function signIn(page: Page) {
  await page.getByRole('button', { name: 'Staff', exact: true }).click();
  await page.getByRole('list', { name: 'Staff members' }).getByRole('button', { name: 'Rosa Díaz', exact: true }).click();
  const pad = page.getByRole('group', { name: 'Staff PIN' });
  for (const digit of '2468') await pad.getByRole('button', { name: digit, exact: true }).click();
  await pad.getByRole('button', { name: 'OK' }).click();
  await heading(page, 'Staff mode · Rosa Díaz').waitFor();
}

const tab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Staff mode sections' }).getByRole('button', { name, exact: true }).click();

/**
 * A barcode scanner in keyboard mode: one fast burst ending in Enter, then what the visitor's
 * screen says. A loaded machine may stretch a burst into "typing": then no check-in was sent, and
 * it is scanned again, as someone at the desk would (a repeat tap sent twice would answer twice).
 */
async function scan(page: Page, text: string, shown: string) {
  const before = sent.get(page) ?? 0;
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.type(`${text}\n`);
    try {
      await heading(page, shown).waitFor({ timeout: 3_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      if ((sent.get(page) ?? 0) !== before) return heading(page, shown).waitFor();
    }
  }
}

function query<T>(db: string, sql: string): T[] {
  const log = new Database(db, { readonly: true });
  try {
    return log.prepare(sql).all() as T[];
  } finally {
    log.close();
  }
}

describe('who is here now, in Chromium', () => {
  it('a repeat tap asks "Check out?": No keeps the visitor in, Yes checks out, the next tap checks back in; staff watch "On site now" change and print it', async () => {
    const { db, open } = await kiosk();
    const visitor = await open();
    const desk = await open();
    await signIn(desk);
    await tab(desk, 'On site now');
    const onSite = desk.getByRole('row').filter({ hasText: 'Tiago Moreira' });

    await scan(visitor, 'HW-0002', 'Welcome, Tiago Moreira');
    await onSite.waitFor();
    await visitor.getByRole('button', { name: 'Done' }).click();

    await scan(visitor, 'HW-0002', 'Check out, Tiago Moreira?');
    await screenshot(visitor, 'check-out-question');
    await visitor.getByRole('button', { name: 'No, I’m staying' }).click();
    await heading(visitor, 'You are still checked in, Tiago Moreira.').waitFor();
    expect(query(db, 'SELECT * FROM check_outs')).toEqual([]);
    await visitor.getByRole('button', { name: 'Done' }).click();

    await scan(visitor, 'HW-0002', 'Check out, Tiago Moreira?');
    await visitor.getByRole('button', { name: 'Yes, check me out' }).click();
    await heading(visitor, 'Goodbye, Tiago Moreira: you are checked out.').waitFor();
    await onSite.waitFor({ state: 'detached' });
    await visitor.getByRole('button', { name: 'Done' }).click();

    // Back from lunch: in again on the same visit.
    await scan(visitor, 'HW-0002', 'Welcome back, Tiago Moreira: you are checked in again.');
    await onSite.waitFor();
    expect(query(db, "SELECT count(*) AS n FROM visits WHERE member_id = 'hw-0002'")).toEqual([{ n: 1 }]);
    // Readable from a step away and big enough for a finger, like every other staff page.
    await screenshot(desk, 'on-site-now');
    expect(await axeFindings(desk)).toEqual([]);
    for (const name of ['Print the list', 'Check out']) expect((await desk.getByRole('button', { name }).boundingBox())!.height).toBeGreaterThanOrEqual(56);

    // The fire drill: Print calls the browser's print, and the printed page holds the list alone.
    await desk.evaluate(() => {
      const counted = window as unknown as { printed: number };
      counted.printed = 0;
      window.print = () => void counted.printed++;
    });
    await desk.getByRole('button', { name: 'Print the list' }).click();
    await until('the print dialog', () => desk.evaluate(() => (window as unknown as { printed: number }).printed === 1));
    const pdf = path.join(tempDir(), 'on-site.pdf');
    fs.writeFileSync(pdf, await desk.pdf({ format: 'A4' }));
    const printed = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(printed).toMatch(/On site at Harbour Works/);
    expect(printed).toMatch(/Tiago Moreira\s+Harbour Works\s+Member/);
    for (const screenOnly of ['Staff mode', 'Lock', 'Check out', 'Print the list', 'Today']) expect(printed).not.toContain(screenOnly);
  }, 120_000);

  it('a day pass sold "pay at the desk" shows unpaid until staff mark it paid, by card; the audit trail and the export say who', async () => {
    const { db, open } = await kiosk();
    await run(db, 'daypass', '--name', 'Walk In');
    const desk = await open();
    await signIn(desk);
    const row = desk.getByRole('row').filter({ hasText: 'Walk In' });
    await row.getByText('Unpaid').waitFor();
    await row.getByRole('button', { name: 'Mark paid' }).click();
    await row.getByRole('group', { name: 'How did Walk In pay?' }).getByRole('button', { name: 'Card' }).click();
    await row.getByText('Paid (Card), Rosa Díaz').waitFor();
    await desk.getByRole('status').filter({ hasText: 'The day pass of Walk In is marked paid.' }).waitFor();
    await screenshot(desk, 'day-pass-paid');
    expect(query(db, "SELECT paid_method AS method FROM visits WHERE kind = 'day_pass'")).toEqual([{ method: 'card' }]);
    expect(query<{ actor: string }>(db, "SELECT actor FROM audit WHERE action = 'mark paid'")).toEqual([{ actor: 'Rosa Díaz (#1)' }]);
  }, 60_000);
});

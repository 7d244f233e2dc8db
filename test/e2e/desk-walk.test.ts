import Database from 'better-sqlite3';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PtyDevice } from '../../bench/pty';
import { screenshot, useChromium } from '../fixtures/browser';
import { visaKiosk } from '../fixtures/cli';
import { em4100Frame } from '../fixtures/frames';
import { startServe } from '../fixtures/serve';
import { freePort } from '../fixtures/servers';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';
import { addStaff, ROSA } from '../fixtures/staff';

/**
 * A morning at a desk with two visitor screens and a staff screen, all pages of one `serve` on
 * every address: the left screen is a tablet elsewhere on the network (paired with the token)
 * with an EM4100 reader on a real pty given to it; the right is a second visitor screen; the desk
 * is signed in. The team's webhook is down at first, then comes up.
 */

const tempDir = useTempDir();
const { browser, cleanup } = useChromium();

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { name });

const GRACE = '2000A1B301';

interface Notice {
  id: string;
  kind: string;
  name?: string;
}

/** The team's webhook on loopback, started when the test says: what it took, and the Idempotency-Key each came with. */
function webhook(port: number) {
  const got: { key: string | undefined; notice: Notice }[] = [];
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk));
    request.on('end', () => {
      got.push({ key: request.headers['idempotency-key'] as string | undefined, notice: JSON.parse(text) as Notice });
      response.writeHead(200).end();
    });
  });
  return {
    got,
    start: async () => {
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      cleanup.push(() => new Promise((resolve) => server.close(resolve)));
    },
  };
}

function query<T>(db: string, sql: string): T[] {
  const file = new Database(db, { readonly: true });
  try {
    return file.prepare(sql).all() as T[];
  } finally {
    file.close();
  }
}

const REPEAT_SECONDS = 0.5;

async function desk() {
  const lan = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  expect(lan, 'the tablet elsewhere is played from this machine’s own LAN address').toBeDefined();
  const dir = tempDir();
  const db = path.join(dir, 'kiosk.db');
  const reader = new PtyDevice(dir);
  await reader.start();
  cleanup.push(() => reader.stop());
  const hookPort = await freePort();
  const settings = [
    ['readers', JSON.stringify([{ id: 'left', type: 'serial', path: reader.readerPath, protocol: 'em4100', screen: 'left' }])],
    ['desk.webhookUrl', `http://127.0.0.1:${hookPort}/hook`],
    ['desk.webhookFormat', 'json'],
    ['desk.retrySeconds', '0.2'],
    ['desk.retryMaxSeconds', '0.5'],
    // A visitor's taps are minutes apart; a reader's own double read, well under a second.
    ['reader.repeatSeconds', String(REPEAT_SECONDS)],
  ];
  for (const [key, value] of settings) expect((await visaKiosk(['--db', db, 'config', 'set', key!, value!])).code).toBe(0);
  await addStaff(db, ROSA);
  const server = await startServe(db, ['--demo', '--host', '0.0.0.0']);
  cleanup.push(server.stop);
  const { port, searchParams } = new URL(server.url);
  const open = async (host: string, screen?: string) => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    cleanup.push(() => page.close());
    page.setDefaultTimeout(10_000);
    await page.goto(`http://${host}:${port}/?token=${searchParams.get('token')}${screen ? `&screen=${screen}` : ''}`);
    await page.getByText('Tap your badge or scan your pass').waitFor();
    return page;
  };
  const left = await open(lan!, 'left');
  const right = await open('127.0.0.1', 'right');
  const staff = await open('127.0.0.1');
  await left.getByText('Badge reader ready').waitFor();
  return { db, reader, left, right, staff, hook: webhook(hookPort), run: (...args: string[]) => visaKiosk(['--db', db, ...args]) };
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

/** Nothing of the left screen's visitor reached the right one. */
async function untouched(page: Page) {
  await page.waitForTimeout(300);
  await expect.poll(() => heading(page, /Grace Hopper/).count()).toBe(0);
  await page.getByText('Tap your badge or scan your pass').waitFor();
}

describe('the desk walked: two visitor screens, a staff screen, a reader, a webhook that comes up late', () => {
  it('the tablet elsewhere asks its own visitor "Check out?", lets them back in after lunch; staff watch it all; the webhook gets the check-in once it is up; an expected visitor is taken back', async () => {
    const { db, reader, left, right, staff, hook, run } = await desk();
    await signIn(staff);
    await tab(staff, 'On site now');
    const onSite = staff.getByRole('row').filter({ hasText: 'Grace Hopper' });

    // A visa visitor taps at the left tablet's reader; the webhook is down, so the notice waits.
    await reader.write(em4100Frame(GRACE));
    await heading(left, 'Welcome, Grace Hopper').waitFor();
    await onSite.waitFor();
    await untouched(right);
    await staff.getByText(/^The webhook has not taken 1 notice: /).waitFor();
    await left.getByRole('button', { name: 'Done' }).click();

    // The webhook comes up: the check-in arrives, once, with its id as the Idempotency-Key.
    await hook.start();
    await until('the check-in at the webhook', () => hook.got.length > 0, 15_000, 50);
    await staff.getByText(/^The webhook has not taken/).waitFor({ state: 'detached' });
    expect(hook.got).toEqual([{ key: hook.got[0]!.notice.id, notice: expect.objectContaining({ kind: 'visa_checkin', name: 'Grace Hopper' }) }]);

    // Leaving: a repeat tap asks the tablet's visitor, not the right screen's, and Yes checks them out.
    await reader.write(em4100Frame(GRACE));
    await heading(left, 'Check out, Grace Hopper?').waitFor();
    await screenshot(left, 'walk-check-out-on-a-tablet-elsewhere');
    await untouched(right);
    await left.getByRole('button', { name: 'Yes, check me out' }).click();
    await heading(left, 'Goodbye, Grace Hopper: you are checked out.').waitFor();
    await onSite.waitFor({ state: 'detached' });
    await left.getByRole('button', { name: 'Done' }).click();

    // Back from lunch: in again on the same visit, and on the list again. Lunch lasts longer than the
    // reader's window for a double read (on a quick machine the steps above take less).
    await left.waitForTimeout(REPEAT_SECONDS * 1000 + 200);
    await reader.write(em4100Frame(GRACE));
    await heading(left, 'Welcome back, Grace Hopper: you are checked in again.').waitFor();
    await onSite.waitFor();
    expect(query(db, "SELECT count(*) AS n FROM visits WHERE member_id = 'cc-0002'")).toEqual([{ n: 1 }]);
    expect(query(db, 'SELECT visit_id AS visitId, how FROM check_outs')).toEqual([{ visitId: 1, how: 'screen' }]);
    expect(hook.got).toHaveLength(1);

    // An expected visitor, added at the kiosk's command line, shows on the desk's list and is taken back there.
    const today = new Date().toISOString().slice(0, 10);
    expect(await run('expect', 'cc-0003', '--date', today)).toMatchObject({ code: 0 });
    await tab(staff, 'Expected visitors');
    await staff
      .getByRole('list', { name: /^Expected on / })
      .getByText('Alan Kay')
      .waitFor();
    await staff.getByRole('button', { name: 'Remove Alan Kay' }).click();
    await staff
      .getByRole('status')
      .getByText(/^Alan Kay is no longer expected on /)
      .waitFor();
    expect(query(db, 'SELECT * FROM expected_visits')).toEqual([]);
  }, 120_000);
});

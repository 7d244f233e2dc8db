import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type jsQR from 'jsqr';
import type { Browser, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { earliestVisitDate } from '../../core/registry/notice-window';
import { screenshot, useChromium } from '../fixtures/browser';
import { visaKiosk } from '../fixtures/cli';
import { useCaptureQueue } from '../fixtures/cups';
import { movedClock } from '../fixtures/faketime';
import { makeRegistry, startRegistry } from '../fixtures/registry-server';
import { startServe } from '../fixtures/serve';
import { freePort } from '../fixtures/servers';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';

/**
 * Issue #18's "Done when", with real processes only: a member of Harbour Works carrying nothing but
 * the pass on their phone announces a visit and is admitted at Cedar, whose kiosk has no badge of
 * theirs; Cedar's desk hears it through its webhook with no staff screen open; staff print who is in
 * the building to a CUPS queue. Cedar's kiosk runs with its wall clock moved by libfaketime, so the
 * visit day comes without waiting for it (Lisbon is on UTC in winter).
 */

const tempDir = useTempDir();
const { browser, cleanup } = useChromium();
const { cups, capture } = useCaptureQueue('fire-drill', 'fire-drill.out');

const JSQR = createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js');
const ROSTER = 'id,space,name,email,status,validUntil,credentials\nhw-1,harbour,Inês Carvalho,ines@example.org,active,,\n';

/** A team's webhook on loopback, keeping every notice it was sent. */
async function webhook() {
  const got: { kind: string; name?: string; spaceName: string; id: string }[] = [];
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk));
    request.on('end', () => {
      got.push(JSON.parse(text) as (typeof got)[number]);
      response.writeHead(200).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${port}/hook`, got };
}

async function ok(...args: string[]) {
  const done = await visaKiosk(args, { input: '2468\n' });
  expect(done, args.join(' ')).toMatchObject({ code: 0 });
  return done.stdout;
}

/** A QR code as a screen shows it: a screenshot of it, decoded with jsQR in a blank page, as a phone's camera app would read it. */
async function qrOnScreen(code: Locator, chromium: Browser): Promise<string> {
  const png = await code.screenshot();
  const decoder = await chromium.newPage();
  cleanup.push(() => decoder.close());
  await decoder.addScriptTag({ path: JSQR });
  const found = await decoder.evaluate(
    async (dataUrl) => {
      const image = new Image();
      image.src = dataUrl;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const decode = (window as unknown as { jsQR: typeof jsQR }).jsQR;
      return decode(context.getImageData(0, 0, image.width, image.height).data, image.width, image.height)?.data ?? null;
    },
    `data:image/png;base64,${png.toString('base64')}`,
  );
  if (found === null) throw new Error('no QR code readable on the screen');
  return found;
}

/**
 * The pass held under a 2D scanner in keyboard mode: one fast burst ending in Enter. A loaded
 * machine may stretch a burst into "typing"; then it is scanned again, as a visitor would.
 */
async function scan(kiosk: Page, text: string, shown: RegExp | string) {
  for (let attempt = 1; ; attempt++) {
    await kiosk.keyboard.type(`${text}\n`);
    try {
      await kiosk.getByRole('heading', { name: shown }).waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

async function signIn(desk: Page) {
  await desk.getByRole('button', { name: 'Staff', exact: true }).click();
  await desk.getByRole('list', { name: 'Staff members' }).getByRole('button', { name: 'Rosa Díaz', exact: true }).click();
  const pad = desk.getByRole('group', { name: 'Staff PIN' });
  for (const digit of '2468') await pad.getByRole('button', { name: digit, exact: true }).click();
  await pad.getByRole('button', { name: 'OK' }).click();
  await desk.getByRole('heading', { name: 'Staff mode · Rosa Díaz' }).waitFor();
}

const tab = (desk: Page, name: string) => desk.getByRole('navigation', { name: 'Staff mode sections' }).getByRole('button', { name, exact: true }).click();

describe('the exchange, done: a pass on a phone, an announced visit, a desk that hears it, a list to print', () => {
  it('a Harbour Works member with no badge at Cedar announces a visit from the pass page and is admitted on the day; the webhook hears it; staff print who is in', async () => {
    const dir = tempDir();
    const registryDir = path.join(dir, 'registry');
    const registryPort = await freePort();
    const registryUrl = `http://127.0.0.1:${registryPort}`;
    const codes = await makeRegistry(registryDir, ['harbour', 'cedar'], registryUrl);
    const registry = await startRegistry(registryDir, ['--port', String(registryPort)]);
    cleanup.push(registry.stop);

    // Harbour Works publishes its roster: Inês has no badge any reader could read, only her membership.
    const harbour = path.join(dir, 'harbour.db');
    await ok('alliance', 'join', registryUrl, codes.harbour!, '--db', harbour);
    fs.writeFileSync(path.join(dir, 'members.csv'), ROSTER);
    await ok('alliance', 'publish', path.join(dir, 'members.csv'), '--db', harbour);

    // Cedar asks for a day's notice, and its desk listens on a webhook.
    const cedar = path.join(dir, 'cedar.db');
    const hook = await webhook();
    await ok('alliance', 'join', registryUrl, codes.cedar!, '--db', cedar);
    await ok('alliance', 'terms', 'set', '--notice-hours', '24', '--notes', 'Tell us a day ahead', '--db', cedar);
    await ok('--db', cedar, 'config', 'set', 'desk.webhookUrl', hook.url);
    await ok('--db', cedar, 'config', 'set', 'desk.webhookFormat', 'json');
    await ok('--db', cedar, 'staff', 'add', '--name', 'Rosa Díaz', '--role', 'staff');
    const clock = movedClock(path.join(dir, 'clock'));
    const kiosk = await startServe(cedar, [], clock.env);
    cleanup.push(kiosk.stop);
    const date = earliestVisitDate(new Date(), 'Europe/Lisbon', 24);
    const visitDay = `${date}T10:00:00Z`;

    // Harbour's manager mails each member their pass link; Inês opens hers on her phone.
    const links = path.join(dir, 'links.csv');
    await ok('alliance', 'passes', '--out', links, '--db', harbour);
    const row = fs
      .readFileSync(links, 'utf8')
      .split('\r\n')
      .find((line) => line.startsWith('hw-1,'))!;
    const link = row.slice(row.lastIndexOf(',') + 1);
    expect(link.startsWith(`${registryUrl}/pass/harbour/hw-1/`)).toBe(true);
    const phoneContext = await browser().newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    cleanup.push(() => phoneContext.close());
    const phone = await phoneContext.newPage();
    phone.setDefaultTimeout(10_000);
    await phone.goto(link);
    await phone.getByText('Inês Carvalho', { exact: true }).waitFor();
    await screenshot(phone, 'done-when-pass-on-phone');
    const pass = await qrOnScreen(phone.getByRole('img', { name: /^Visa pass QR code for / }), browser());
    expect(pass).toMatch(/^CV1:[0-9A-Z $%*+\-./:]+$/);

    // At Cedar on the day, unannounced: the kiosk says how far ahead, in Cedar's own words.
    const visitor = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    cleanup.push(() => visitor.close());
    visitor.setDefaultTimeout(10_000);
    await visitor.goto(kiosk.url);
    await visitor.getByText('Tap your badge or scan your pass').waitFor();
    clock.set(visitDay);
    await scan(visitor, pass, /^We can’t check you in/);
    await visitor.getByText('Visa visitors announce their visit here at least 24 hours ahead.').waitFor();
    await visitor.getByText('This space says: “Tell us a day ahead”').waitFor();
    // Its QR opens Cedar's announce page on her phone: the terms, and how to announce with her pass.
    const announce = await qrOnScreen(visitor.getByRole('img', { name: 'QR code: announce your visit' }), browser());
    expect(announce).toBe(`${registryUrl}/announce?host=cedar`);
    await phone.goto(announce);
    await phone.getByRole('heading', { name: 'Announce a visit to Space cedar' }).waitFor();
    await phone.getByText('Tell us a day ahead').waitFor();
    await phone.goBack();
    await visitor.getByRole('button', { name: 'Done' }).click();
    await visitor.getByText('Tap your badge or scan your pass').waitFor();

    // Back home, days before: she announces the visit from her pass page.
    clock.set(null);
    await phone.getByRole('link', { name: 'Announce a visit' }).click();
    await phone.getByLabel('Space').selectOption('cedar');
    await phone.getByLabel('Day of your visit').fill(date);
    await phone.getByRole('button', { name: 'Announce' }).click();
    await phone.getByRole('status').getByText(`Space cedar expects you on ${date}. Their kiosk will know you are coming.`).waitFor();
    await screenshot(phone, 'done-when-announced');

    // Cedar's kiosk syncs (staff press Sync now; the running kiosk also does on its own timer), and the desk is left empty.
    const desk = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    desk.setDefaultTimeout(10_000);
    await desk.goto(kiosk.url);
    await signIn(desk);
    await tab(desk, 'Devices');
    await desk.getByRole('button', { name: 'Sync now' }).click();
    await desk.getByText(/^(List synced: number \d+\.|The list has not changed\.)$/).waitFor();
    await desk.close();

    // The day comes: she holds her phone under the scanner and is let in on the visa.
    clock.set(visitDay);
    await scan(visitor, pass, 'Welcome, Inês Carvalho');
    await visitor.getByText('Visa day 1 of 3 this month').waitFor();
    await screenshot(visitor, 'done-when-admitted');

    // The desk hears it with no staff screen open: the webhook has the check-in.
    await until(
      () => `the webhook to hear the check-in (it got ${JSON.stringify(hook.got)})`,
      () => hook.got.some((notice) => notice.kind === 'visa_checkin'),
      20_000,
      50,
    );
    expect(hook.got).toEqual([expect.objectContaining({ kind: 'visa_checkin', name: 'Inês Carvalho', spaceName: 'Space cedar' })]);

    // A fire drill: staff sign in, and the on-site list goes to the printer.
    const drill = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    cleanup.push(() => drill.close());
    drill.setDefaultTimeout(10_000);
    await drill.goto(kiosk.url);
    await signIn(drill);
    await tab(drill, 'On site now');
    await drill.getByRole('row').filter({ hasText: 'Inês Carvalho' }).waitFor();
    await drill.evaluate(() => {
      const counted = window as unknown as { printed: number };
      counted.printed = 0;
      window.print = () => void counted.printed++;
    });
    await drill.getByRole('button', { name: 'Print the list' }).click();
    await until('the print dialog', () => drill.evaluate(() => (window as unknown as { printed: number }).printed === 1));
    // What the print dialog hands CUPS: the page as printed, a PDF.
    const printed = path.join(dir, 'on-site.pdf');
    await drill.emulateMedia({ media: 'print' });
    fs.writeFileSync(printed, await drill.pdf({ format: 'A4' }));
    await cups.tool('lp', ['-d', 'fire-drill', '-t', 'On site now', printed]);
    await until('the fire-drill job at the queue', () => fs.existsSync(capture()) && fs.statSync(capture()).size >= fs.statSync(printed).size, 20_000, 50);
    const job = path.join(dir, 'job.pdf');
    fs.copyFileSync(capture(), job);
    const onPaper = execFileSync('pdftotext', ['-layout', job, '-'], { encoding: 'utf8' });
    expect(onPaper).toMatch(/On site at Space cedar/);
    expect(onPaper).toMatch(/Inês Carvalho\s+Space harbour\s+Visa/);
  }, 180_000);
});

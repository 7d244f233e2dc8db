import fs from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPass, passKeyId } from '../../core/pass/visa-pass';
import { earliestVisitDate } from '../../core/registry/notice-window';
import { KeysDocument } from '../../core/registry/documents';
import { screenshot, useChromium } from '../fixtures/browser';
import { visaKiosk } from '../fixtures/cli';
import { useNoticeExchange } from '../fixtures/notice-exchange';
import { moveVisitDay, type RunningRegistry } from '../fixtures/registry-server';
import { startServe } from '../fixtures/serve';

/**
 * The visitor's side walked in real Chromium: a member of harbour opens the pass link their space
 * mailed on a phone with no script, announces a visit to cedar (which asks for a day's notice),
 * and shows the pass at cedar's kiosk, which tells them how to announce. The kiosks join the
 * registry by 127.0.0.1, an address members' phones would not reach; its public URL (--public-url)
 * names it as localhost, and every link and QR for a phone must use that one.
 */

const { browser, cleanup } = useChromium();
const NOTES = 'Ring the bell at the side door.';
const exchange = useNoticeExchange({
  members: ['hw-1,harbour,Inês Carvalho,ines@example.org,active,,'],
  cedarTerms: { noticeHours: 24, notes: NOTES },
  synced: true,
  passLinks: true,
  reachablePublicUrl: true,
});
let dir: string;
let registryDir: string;
let server: RunningRegistry;
let publicUrl: string;
let link: string;

beforeAll(() => {
  ({ dir, registryDir, server, publicUrl } = exchange());
  link = exchange().links[0]!;
  expect(server.url).toBe(publicUrl.replace('localhost', '127.0.0.1'));
  expect(link.startsWith(`${publicUrl}/pass/harbour/hw-1/`)).toBe(true);
});

/** A phone: 390×844, no script, as a member opening a mailed link with JavaScript turned off. */
async function phone(): Promise<Page> {
  const context = await browser().newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, javaScriptEnabled: false, locale: 'en-US' });
  cleanup.push(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

/** What a camera held to the screen reads: the screenshot's pixels through jsQR (decoded from PNG in a scratch page's canvas). */
async function qrOnScreen(page: Page): Promise<string | null> {
  const png = (await page.screenshot({ scale: 'css' })).toString('base64');
  const scratch = await browser().newPage();
  try {
    const { width, height, pixels } = await scratch.evaluate(async (src) => {
      const image = new Image();
      image.src = src;
      await image.decode();
      const canvas = document.createElement('canvas');
      [canvas.width, canvas.height] = [image.width, image.height];
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const bytes = context.getImageData(0, 0, image.width, image.height).data;
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { width: image.width, height: image.height, pixels: btoa(binary) };
    }, `data:image/png;base64,${png}`);
    return jsQR(new Uint8ClampedArray(Buffer.from(pixels, 'base64')), width, height)?.data ?? null;
  } finally {
    await scratch.close();
  }
}

const fitsTheWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
const said = (page: Page) => page.locator('[role=alert], [role=status]').innerText();

async function announce(page: Page, date: string) {
  await page.getByLabel('Day of your visit').fill(date);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Announce' }).click()]);
}

const dayBefore = (date: string) => new Date(Date.parse(`${date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const dayAfter = (date: string) => new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('a member with only a pass on their phone', { timeout: 120_000 }, () => {
  it('opens the mailed link: a QR the camera reads as their pass, then announces a visit; a day too soon is refused with the earliest day, the day kept', async () => {
    const page = await phone();
    expect((await page.goto(link))!.status()).toBe(200);
    await page.getByText('Inês Carvalho').waitFor();
    expect(await fitsTheWidth(page)).toBe(true);
    // The expiry reads as one date on a narrow screen, not "2027-" on one line and "01-05" on the next.
    const linesOfDate = await page.getByText(/valid until \d{4}-\d{2}-\d{2}/).evaluate((element) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode as Text;
        const at = node.data.search(/\d{4}-\d{2}-\d{2}/);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 10);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      }
      return 0;
    });
    expect(linesOfDate).toBe(1);
    const text = await qrOnScreen(page);
    const online = KeysDocument.parse(JSON.parse(JSON.parse(fs.readFileSync(path.join(registryDir, 'keys', 'keys.json'), 'utf8')).signed)).online;
    expect(await checkPass(text ?? '', new Map([[await passKeyId(online), online]]), new Date())).toMatchObject({
      status: 'valid',
      pass: { memberId: 'hw-1', spaceId: 'harbour' },
    });
    await screenshot(page, 'visitor-phone-pass');

    // A visit announced earlier whose day is now over (moved back in the registry's database): not offered for cancelling.
    const lisbonYesterday = dayBefore(earliestVisitDate(new Date(), 'Europe/Lisbon', 0));
    const past = await fetch(`${server.url}/v1/announcements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pass: text, host: 'cedar', date: dayAfter(earliestVisitDate(new Date(), 'Europe/Lisbon', 24)) }),
    });
    expect(past.status).toBe(201);
    moveVisitDay(registryDir, ((await past.json()) as { id: string }).id, lisbonYesterday);

    await page.getByRole('link', { name: 'Announce a visit' }).click();
    await page.getByRole('heading', { name: 'Announce a visit' }).waitFor();
    await expect.poll(() => page.getByText('Space cedar, Lisbon: 3 free days a month, announce 24 hours ahead').isVisible()).toBe(true);
    await expect.poll(() => page.getByText(NOTES).isVisible()).toBe(true);
    expect(await fitsTheWidth(page)).toBe(true);
    const field = page.getByLabel('Day of your visit');
    const [min, max] = await field.evaluate((input: HTMLInputElement) => [input.min, input.max]);
    const lisbonToday = earliestVisitDate(new Date(), 'Europe/Lisbon', 0);
    expect(min).toBe(lisbonToday);
    expect(Date.parse(max) - Date.parse(min)).toBe(365 * 86_400_000);

    const earliest = earliestVisitDate(new Date(), 'Europe/Lisbon', 24);
    await announce(page, dayBefore(earliest));
    await expect.poll(() => said(page)).toBe(`Space cedar asks for 24 hours' notice: the earliest day you can announce now is ${earliest}.`);
    await expect.poll(() => page.getByLabel('Day of your visit').inputValue()).toBe(dayBefore(earliest));
    await screenshot(page, 'visitor-phone-too-soon');

    await announce(page, earliest);
    await expect.poll(() => said(page)).toBe(`Space cedar expects you on ${earliest}. Their kiosk will know you are coming.`);
    await expect.poll(() => page.getByText(`Space cedar, ${earliest}`).isVisible()).toBe(true);
    await expect.poll(() => page.getByText(`Space cedar, ${lisbonYesterday}`).count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Cancel' }).count()).toBe(1);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Cancel' }).click()]);
    await expect.poll(() => said(page)).toBe(`Cancelled: Space cedar will not expect you on ${earliest}.`);
    await expect.poll(() => page.getByRole('heading', { name: 'Your announced visits' }).count()).toBe(0);
    // The address the cancel left in the bar, opened again, is a page in words.
    expect(page.url()).toBe(`${publicUrl}/announce/cancel`);
    expect((await page.goto(page.url()))!.status()).toBe(400);
    await expect.poll(() => page.locator('body').innerText()).toContain('Open this page from your pass link');
  });

  it('at the host’s kiosk the pass, scanned as a keyboard, is refused for notice with the hours, the notes and a QR the phone opens', async () => {
    const phonePage = await phone();
    await phonePage.goto(link);
    const pass = await qrOnScreen(phonePage);
    expect(pass).toMatch(/^CV1:/);

    // A scanner slow between keys, as Playwright's keys are on a loaded machine: the setting a slow scanner needs.
    expect((await visaKiosk(['config', 'set', 'reader.wedgeGapMs', '250', '--db', path.join(dir, 'cedar.db')])).code).toBe(0);
    const kiosk = await startServe(path.join(dir, 'cedar.db'));
    cleanup.push(kiosk.stop);
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    cleanup.push(() => context.close());
    const page = await context.newPage();
    await page.goto(kiosk.url);
    await page.getByText('Tap your badge or scan your pass').waitFor();
    const denied = page.getByRole('heading', { name: 'We can’t check you in, Inês Carvalho' });
    // A scanner in keyboard mode: one burst and Enter; typed again if a loaded machine stretched it into "typing".
    for (let attempt = 1; !(await denied.isVisible()); attempt++) {
      await page.keyboard.type(`${pass}\n`);
      await denied.waitFor({ timeout: 3_000 }).catch((error: unknown) => {
        if (attempt === 3) throw error;
      });
    }
    await expect.poll(() => page.getByText('Visa visitors announce their visit here at least 24 hours ahead.').isVisible()).toBe(true);
    await expect.poll(() => page.getByText(`This space says: “${NOTES}”`).isVisible()).toBe(true);
    await screenshot(page, 'visitor-kiosk-notice');
    // On a 1280×800 kiosk the whole denial, its buttons included, is on the screen without scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight)).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Done' }).isVisible()).toBe(true);
    const announceUrl = await qrOnScreen(page);
    expect(announceUrl).toBe(`${publicUrl}/announce?host=cedar`);

    await phonePage.goto(announceUrl!);
    await phonePage.getByRole('heading', { name: 'Announce a visit to Space cedar' }).waitFor();
    await expect.poll(() => phonePage.getByText(NOTES).isVisible()).toBe(true);
    await expect.poll(() => phonePage.getByText('Open the pass link your space sent you').isVisible()).toBe(true);
  });
});

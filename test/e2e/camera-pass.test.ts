import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { screenshot } from '../fixtures/browser';
import { visaKiosk } from '../fixtures/cli';
import { writeQrVideo } from '../fixtures/qr-video';
import { startServe } from '../fixtures/serve';
import { useTempDir } from '../fixtures/temp';
import { usePassAlliance } from '../integration/pass-alliance';

/** "Show your pass": real Chromium, its camera fed a video of a pass signed by a real registry's online key. */

const alliance = usePassAlliance();
const tempDir = useTempDir();
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function launch(args: string[]): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...args],
  });
  cleanup.push(() => browser.close());
  return browser;
}

/** A kiosk joined to the registry, served in browser mode. */
async function servedKiosk() {
  const { registry, code } = alliance();
  const db = path.join(tempDir(), 'kiosk.db');
  expect(await visaKiosk(['alliance', 'join', registry.url, await code('harbour'), '--db', db])).toMatchObject({ code: 0 });
  const server = await startServe(db);
  cleanup.push(server.stop);
  return server.url;
}

describe('a visa pass shown to the kiosk’s camera', { timeout: 120_000 }, () => {
  it('a visitor presses "Show your pass", holds the pass up, and is welcomed by name', async () => {
    const url = await servedKiosk();
    const video = path.join(tempDir(), 'pass.y4m');
    writeQrVideo(video, await alliance().pass({ memberId: 'cc-1', name: 'Ada Lovelace' }));
    const browser = await launch(['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['camera']);
    const page = await context.newPage();
    const scripts: Promise<string>[] = [];
    page.on('response', (response) => void (response.request().resourceType() === 'script' && scripts.push(response.text())));
    // The QR decoder (jsQR, whose source names its "attemptBoth" mode) is fetched when the camera screen opens, not with the welcome screen.
    const decoderIn = async () => (await Promise.all(scripts)).some((text) => text.includes('attemptBoth'));
    await page.goto(url);
    await page.getByText('Tap your badge or scan your pass').waitFor();
    expect(await decoderIn()).toBe(false);
    await page.getByRole('button', { name: 'Show your pass' }).click();
    await page.getByRole('heading', { name: 'Welcome, Ada Lovelace' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByText('Visa day 1 of 3 this month').isVisible()).toBe(true);
    expect(await decoderIn()).toBe(true);
    await screenshot(page, 'pass-camera-admitted');
  });

  it('a camera the browser refuses gets one sentence, and the visitor goes back to the welcome screen', async () => {
    const url = await servedKiosk();
    const browser = await launch(['--use-fake-device-for-media-stream']);
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(url);
    await page.getByRole('button', { name: 'Show your pass' }).click();
    await page.getByRole('alert').getByText('The camera is switched off on this kiosk. Please tap your badge or ask at the desk.').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('Tap your badge or scan your pass').waitFor();
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_SCREENS } from '../../service/web/limits';
import { screenshot, useChromium } from '../fixtures/browser';
import { startServe } from '../fixtures/serve';
import { useTempDir } from '../fixtures/temp';
import { Screen } from '../reliability/screen';

const tempDir = useTempDir();
const { browser, cleanup } = useChromium();

describe('a page that cannot reach its kiosk', () => {
  it('says so in words, not a blank screen, and starts by itself once it can', async () => {
    const server = await startServe(path.join(tempDir(), 'kiosk.db'), ['--demo']);
    cleanup.push(server.stop);
    // Every screen the kiosk serves is taken: this page's socket is refused (503), as a wrong pairing token's is (401).
    const others = await Promise.all(Array.from({ length: MAX_SCREENS }, () => Screen.open(server.url)));
    cleanup.push(() => others.forEach((s) => s.close()));

    const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    cleanup.push(() => page.close());
    await page.goto(server.url);
    const alert = page.getByRole('alert');
    await alert.getByRole('heading', { name: 'This screen cannot reach the kiosk.' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => alert.innerText()).toContain('open the address the kiosk printed when it started, with its pairing token, again');
    await screenshot(page, 'unreachable');

    others.pop()!.close();
    await page.getByText('Tap your badge or scan your pass').waitFor({ timeout: 10_000 });
  });
});

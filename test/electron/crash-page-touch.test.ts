import { describe, expect, it } from 'vitest';
import { errorPage } from '../../electron/error-page';
import { screenshot, useChromium } from '../fixtures/browser';

const { browser, cleanup } = useChromium();

describe('the crash-loop page in Chromium', () => {
  it.each([
    [1280, 800],
    [1024, 768],
    [800, 1280],
  ])('at %i×%i: Restart, the PIN box and Leave are touch targets of 56 px or more, all on screen', async (width, height) => {
    const page = await browser().newPage({ viewport: { width, height } });
    cleanup.push(() => page.close());
    await page.goto(
      errorPage('The kiosk has stopped', 'Its screen crashed several times in a row and will not be restarted automatically.', { managerExit: true }),
    );
    // Without the preload's window.kiosk the page hides its controls: shown here to be measured.
    await page.evaluate(() => (document.getElementById('manager')!.hidden = false));
    await screenshot(page, `crash-loop-page-${width}x${height}`);
    const boxes = await page.evaluate(() =>
      ['restart', 'pin', 'leave'].map((id) => {
        const el = id === 'leave' ? document.querySelector('#leave button')! : document.getElementById(id)!;
        const box = el.getBoundingClientRect();
        return { id, tall: box.height >= 56, wide: box.width >= 56, onScreen: box.bottom <= innerHeight && box.right <= innerWidth };
      }),
    );
    expect(boxes).toEqual(['restart', 'pin', 'leave'].map((id) => ({ id, tall: true, wide: true, onScreen: true })));
  });
});

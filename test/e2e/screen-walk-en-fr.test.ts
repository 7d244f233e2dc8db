import { describe, expect, it } from 'vitest';
import { SIZES, walkEveryScreen } from './walk/screen-walk';
import { axeFindings } from './walk/axe';
import { unreachableControls } from './walk/fits';

/** Every screen walked in English at three sizes and in French at the smallest (walk/screen-walk.ts), and the walk's own eyes checked. */
const { browser, cleanup } = walkEveryScreen([
  ['landscape', 'en'],
  ['portrait', 'en'],
  ['small', 'en'],
  ['small', 'fr'],
]);

describe('the walk’s eyes', () => {
  it('axe-core reports a button with no name, and a keyboard pushed off-screen is reported', async () => {
    const page = await browser().newPage({ viewport: SIZES.small });
    cleanup.push(() => page.close());
    await page.setContent(
      '<main><h1>Form</h1><button></button><div style="height:900px"></div><div role="group" aria-label="Keys"><button>q</button></div><button>Cancel</button></main>',
    );
    expect((await axeFindings(page)).map((finding) => finding.rule)).toContain('button-name');
    expect(await unreachableControls(page, { keyboard: 'Keys', stayInView: ['Cancel'] })).toEqual([
      expect.stringContaining('keyboard key button "q"'),
      expect.stringContaining('button "Cancel"'),
    ]);
  });
});

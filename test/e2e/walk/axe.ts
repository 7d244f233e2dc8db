import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One problem axe-core found on a screen, short enough to read in a test failure. */
export interface AxeFinding {
  rule: string;
  impact: string | null;
  what: string;
  where: string[];
}

/** axe-core's WCAG 2.x A and AA rules, run on the page as it is now. */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  // Evaluated through the debugger, so the kiosk's own Content-Security-Policy stays as it ships.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ rule: v.id, impact: v.impact, what: v.help, where: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return violations;
}

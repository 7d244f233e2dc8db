import type { Page } from 'playwright-core';

/**
 * What a person cannot reach on this screen as it is: a page wider than the window, a control cut
 * off at the side, or, while the on-screen keyboard is up, any of its keys or the screen's
 * `stayInView` buttons (Cancel) pushed below the window. A long staff list may scroll.
 */
export async function unreachableControls(page: Page, names: { keyboard: string; stayInView: string[] }): Promise<string[]> {
  return page.evaluate(({ keyboard, stayInView }) => {
    const problems: string[] = [];
    const describe = (element: Element) => {
      const box = element.getBoundingClientRect();
      const name = element.getAttribute('aria-label') ?? (element.textContent ?? '').trim().slice(0, 40);
      return `${element.tagName.toLowerCase()} "${name}" at (${Math.round(box.left)},${Math.round(box.top)}) ${Math.round(box.width)}×${Math.round(box.height)}`;
    };
    const inWindow = (element: Element) => {
      const box = element.getBoundingClientRect();
      return box.left >= -1 && box.right <= window.innerWidth + 1 && box.top >= -1 && box.bottom <= window.innerHeight + 1;
    };
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    if (overflow > 1) problems.push(`the page is ${overflow} px wider than the window`);
    for (const control of document.querySelectorAll('button, input, select, textarea, a[href]')) {
      const box = control.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.left < -1 || box.right > window.innerWidth + 1) problems.push(`${describe(control)} is cut off at the side`);
    }
    const keys = document.querySelector(`[role="group"][aria-label="${keyboard}"]`);
    if (keys) {
      for (const key of keys.querySelectorAll('button')) if (!inWindow(key)) problems.push(`keyboard key ${describe(key)} is off-screen while typing`);
      for (const button of document.querySelectorAll('button')) {
        if (stayInView.includes((button.textContent ?? '').trim()) && !inWindow(button)) problems.push(`${describe(button)} is off-screen while typing`);
      }
    }
    return problems;
  }, names);
}

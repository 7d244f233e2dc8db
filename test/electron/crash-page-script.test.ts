// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorPage } from '../../electron/error-page';

/** The crash-loop page in a browser, its own script run, with the preload's window.kiosk (or none) in place. */
function openPage(kiosk: Record<string, unknown> | undefined) {
  const html = decodeURIComponent(errorPage('The kiosk has stopped', 'It crashed.', { managerExit: true }).replace(/^data:text\/html;charset=utf-8,/, ''));
  document.documentElement.innerHTML = html.replace(/^<!doctype html><html lang="en">|<\/html>$/g, '');
  Object.assign(window, { kiosk });
  const script = document.querySelector('script')!.textContent!;
  new Function(script)();
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  const submit = () => document.getElementById('leave')!.dispatchEvent(new Event('submit', { cancelable: true }));
  return { document, settle, submit, message: () => document.getElementById('message')!.textContent };
}

afterEach(() => {
  Object.assign(window, { kiosk: undefined });
});

describe('the crash-loop page in the window', () => {
  it('"Restart kiosk" asks main to restart', async () => {
    const kiosk = { restartKiosk: vi.fn(async () => true), exitKiosk: vi.fn() };
    const page = openPage(kiosk);
    page.document.getElementById('restart')!.click();
    await page.settle();
    expect(kiosk.restartKiosk).toHaveBeenCalledOnce();
    expect(page.message()).toBe('Restarting the kiosk…');
  });

  it('sends the PIN typed, clears the box, and says when it is not a manager’s', async () => {
    const kiosk = { restartKiosk: vi.fn(), exitKiosk: vi.fn(async (pin: string) => pin === '424242') };
    const page = openPage(kiosk);
    const pin = page.document.getElementById('pin') as HTMLInputElement;
    pin.value = '1111';
    page.submit();
    await page.settle();
    expect(kiosk.exitKiosk).toHaveBeenLastCalledWith('1111');
    expect(pin.value).toBe('');
    expect(page.message()).toBe('That is not a manager’s PIN.');
    pin.value = '424242';
    page.submit();
    await page.settle();
    expect(page.message()).toBe('Leaving kiosk mode…');
  });

  it('shows the service’s refusal (PIN entry locked) in plain words', async () => {
    const kiosk = { restartKiosk: vi.fn(), exitKiosk: vi.fn(async () => Promise.reject(new Error('PIN entry is locked for 5 minutes'))) };
    const page = openPage(kiosk);
    (page.document.getElementById('pin') as HTMLInputElement).value = '424242';
    page.submit();
    await page.settle();
    expect(page.message()).toBe('PIN entry is locked for 5 minutes');
  });

  it('hides the controls where there is no bridge to use them', () => {
    const page = openPage(undefined);
    expect(page.document.getElementById('manager')!.hidden).toBe(true);
  });
});

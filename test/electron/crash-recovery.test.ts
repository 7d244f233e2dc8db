import type { BrowserWindow as ElectronWindow } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { KIOSK_URL } from '../../electron/app-protocol';
import { watchCrashes, type Clock } from '../../electron/crash-recovery';
import { errorPage } from '../../electron/error-page';
import { BrowserWindow, fakeEvent, resetElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

/** A clock the test moves by hand. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; task: () => void }[] = [];
  return {
    now: () => now,
    after(ms, task) {
      const timer = { at: now + ms, task };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      due.forEach((t) => t.task());
    },
  };
}

describe('crash recovery', () => {
  let window: BrowserWindow;
  let clock: ReturnType<typeof manualClock>;
  const log = vi.fn();
  const crash = (reason = 'crashed') => window.webContents.emit('render-process-gone', fakeEvent(), { reason, exitCode: 11 });

  beforeEach(() => {
    resetElectron();
    log.mockClear();
    window = new BrowserWindow({});
    clock = manualClock();
    watchCrashes(window as unknown as ElectronWindow, clock, log, { maxReloads: 3, periodMs: 60_000, hangGraceMs: 10_000 });
  });

  it('reloads the kiosk page after the renderer crashes', () => {
    crash('oom');
    expect(window.loaded).toEqual([KIOSK_URL]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('gone (oom): reloading'));
  });

  it('stops reloading in a crash loop and shows the built-in error page', () => {
    for (let i = 0; i < 3; i++) {
      crash();
      clock.advance(5_000);
    }
    expect(window.loaded).toEqual([KIOSK_URL, KIOSK_URL, KIOSK_URL]);
    crash();
    expect(window.loaded).toHaveLength(4);
    expect(window.loaded[3]).toMatch(/^data:text\/html/);
    expect(decodeURIComponent(window.loaded[3]!)).toContain('The kiosk has stopped');
    crash();
    expect(window.loaded.filter((url) => url === KIOSK_URL)).toHaveLength(3);
  });

  it('keeps reloading crashes that are spread out', () => {
    for (let i = 0; i < 8; i++) {
      crash();
      clock.advance(30_000);
    }
    expect(window.loaded).toEqual(Array(8).fill(KIOSK_URL));
  });

  it('ignores a clean exit and a window being torn down', () => {
    crash('clean-exit');
    window.destroyed = true;
    crash();
    expect(window.loaded).toEqual([]);
  });

  it('kills and reloads a page still hung after the grace period', () => {
    window.webContents.emit('unresponsive');
    clock.advance(9_999);
    expect(window.webContents.forcefullyCrashRenderer).not.toHaveBeenCalled();
    clock.advance(1);
    expect(window.webContents.forcefullyCrashRenderer).toHaveBeenCalledOnce();
    expect(window.loaded).toEqual([KIOSK_URL]);
  });

  it('leaves a page alone that recovers within the grace period', () => {
    window.webContents.emit('unresponsive');
    clock.advance(5_000);
    window.webContents.emit('responsive');
    clock.advance(60_000);
    expect(window.webContents.forcefullyCrashRenderer).not.toHaveBeenCalled();
    expect(window.loaded).toEqual([]);
  });
});

describe('the error page', () => {
  it('shows its text as text, with no script allowed', () => {
    const html = decodeURIComponent(errorPage('<b>Broken</b>', 'disk "full" & <script>alert(1)</script>'));
    expect(html).toContain('&#60;b&#62;Broken&#60;/b&#62;');
    expect(html).not.toContain('<script>');
    expect(html).toContain("default-src 'none'");
  });
});

import type { BrowserWindow } from 'electron';
import { KIOSK_URL } from './app-protocol.js';
import { errorPage } from './error-page.js';

export interface Clock {
  now(): number;
  /** Runs `task` after `ms`; the returned function cancels it. */
  after(ms: number, task: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after: (ms, task) => {
    const timer = setTimeout(task, ms);
    return () => clearTimeout(timer);
  },
};

export interface CrashPolicy {
  /** Reloads allowed within `periodMs`; one more crash shows the error page instead of spinning. */
  maxReloads: number;
  periodMs: number;
  /** How long a hung page may stay unresponsive before it is killed and reloaded. */
  hangGraceMs: number;
}

export const DEFAULT_CRASH_POLICY: CrashPolicy = { maxReloads: 3, periodMs: 60_000, hangGraceMs: 10_000 };

/**
 * Keeps the kiosk page alive: a renderer that crashes is reloaded; one that hangs past the grace
 * period is killed, which reports it gone and so reloads it too. A crash loop stops at the error
 * page, whose "Restart kiosk" (`restart`) loads the kiosk page again with a fresh crash budget.
 */
export function watchCrashes(
  window: BrowserWindow,
  clock: Clock = systemClock,
  log: (line: string) => void = () => {},
  policy: CrashPolicy = DEFAULT_CRASH_POLICY,
): { restart(): void } {
  const contents = window.webContents;
  const reloads: number[] = [];
  let cancelHangTimer: (() => void) | null = null;

  const stopHangTimer = () => {
    cancelHangTimer?.();
    cancelHangTimer = null;
  };

  contents.on('render-process-gone', (_event, details) => {
    stopHangTimer();
    if (details.reason === 'clean-exit' || window.isDestroyed()) return;
    const now = clock.now();
    while (reloads.length > 0 && now - reloads[0]! >= policy.periodMs) reloads.shift();
    if (reloads.length >= policy.maxReloads) {
      log(`the kiosk page is gone (${details.reason}) again: ${policy.maxReloads} reloads in ${policy.periodMs / 1000} s, giving up`);
      void window.loadURL(
        errorPage('The kiosk has stopped', 'Its screen crashed several times in a row and will not be restarted automatically.', { managerExit: true }),
      );
      return;
    }
    reloads.push(now);
    log(`the kiosk page is gone (${details.reason}): reloading`);
    void window.loadURL(KIOSK_URL);
  });

  contents.on('unresponsive', () => {
    cancelHangTimer ??= clock.after(policy.hangGraceMs, () => {
      cancelHangTimer = null;
      log(`the kiosk page has not responded for ${policy.hangGraceMs / 1000} s: restarting it`);
      contents.forcefullyCrashRenderer();
    });
  });
  contents.on('responsive', stopHangTimer);

  return {
    restart() {
      if (window.isDestroyed()) return;
      reloads.length = 0;
      void window.loadURL(KIOSK_URL);
    },
  };
}

import { useEffect } from 'react';

/**
 * Calls `onIdle` after `seconds` without a touch, a click or a key, while `active`. A new `shown`
 * (the next screen, a badge's news) starts the wait again: a reader's tap that replaces one result
 * with another touches nothing, and the next visitor must get the whole wait.
 */
export function useIdleReturn(active: boolean, seconds: number, onIdle: () => void, shown?: unknown): void {
  useEffect(() => {
    if (!active) return;
    let timer = setTimeout(onIdle, seconds * 1000);
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(onIdle, seconds * 1000);
    };
    const events = ['pointerdown', 'keydown', 'input'] as const;
    for (const e of events) window.addEventListener(e, restart, { capture: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, restart, { capture: true });
    };
  }, [active, seconds, onIdle, shown]);
}

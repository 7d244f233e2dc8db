/**
 * Runs `task` after `firstMs`, then every `everyMs`, until the returned function is called. A run
 * still going when the next is due is not doubled, and the timers never keep the process alive.
 * `task` reports its own failures: it must not reject.
 */
export function every(everyMs: number, firstMs: number, task: () => Promise<void>): () => void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    void task().finally(() => {
      running = false;
    });
  };
  const first = setTimeout(run, firstMs);
  const repeat = setInterval(run, everyMs);
  first.unref();
  repeat.unref();
  return () => {
    clearTimeout(first);
    clearInterval(repeat);
  };
}

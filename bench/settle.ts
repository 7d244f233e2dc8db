import { spawnSync } from 'node:child_process';

/**
 * Writes out every dirty page on the machine (`sync`) and returns how long it took (ms). Run
 * before each figure: the setup and the figure before it leave hundreds of megabytes of written
 * files (a million-member list, a registry, a feed) that the kernel would otherwise flush while
 * the next figure is timed, and every fsync of the kiosk or registry would wait behind them.
 * At a desk or on a registry's machine, nothing writes a gigabyte just before a tap or a poll.
 */
export function settleDisk(): number {
  const started = performance.now();
  spawnSync('sync', { stdio: 'ignore' });
  return performance.now() - started;
}

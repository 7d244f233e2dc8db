import fs from 'node:fs';
import os from 'node:os';

/** How far this process's helper threads give way while a figure that stands in for other machines is timed. */
const ASIDE_NICE = 10;

/**
 * Runs `work` with every thread of the bench but its main one (V8's workers, which collect its
 * garbage and compile its hot code; libuv's pool) at nice 10, and puts them back after. A figure
 * whose client stands in for other machines (the registry's kiosks) shares the two cores with
 * the process it measures: timing polls, the bench's own helpers took 12–30 ms of CPU in 0.2 s,
 * in bursts, and each burst held the registry's thread off its core while 50 polls waited on it.
 * Where threads cannot be listed (no /proc) the work runs as it is; where a thread's priority
 * cannot be raised back (not root) it stays lowered, and `restored` says so.
 */
export async function withHelpersAside<T>(work: () => Promise<T>): Promise<{ value: T; restored: boolean }> {
  const lowered: { tid: number; nice: number }[] = [];
  for (const tid of helperThreads()) {
    try {
      const nice = os.getPriority(tid);
      if (nice >= ASIDE_NICE) continue;
      os.setPriority(tid, ASIDE_NICE);
      lowered.push({ tid, nice });
    } catch {
      // A thread that ended since it was listed has nothing to lower.
    }
  }
  try {
    return { value: await work(), restored: restoreAll(lowered) };
  } catch (error) {
    restoreAll(lowered);
    throw error;
  }
}

function helperThreads(): number[] {
  try {
    return fs
      .readdirSync('/proc/self/task')
      .map(Number)
      .filter((tid) => tid !== process.pid);
  } catch {
    return [];
  }
}

function restoreAll(lowered: { tid: number; nice: number }[]): boolean {
  let restored = true;
  for (const { tid, nice } of lowered) {
    try {
      os.setPriority(tid, nice);
    } catch (error) {
      // Gone since is as good as put back; only a refusal leaves a thread lowered.
      if ((error as { info?: { code?: string } }).info?.code !== 'ESRCH') restored = false;
    }
  }
  return restored;
}

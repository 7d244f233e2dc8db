import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { until } from '../fixtures/wait';

/**
 * The database's write lock held by another program: the sqlite3 shell in a process of its own,
 * inside `BEGIN EXCLUSIVE`, as someone inspecting the file by hand would hold it. Resolves once
 * the lock is held; `release` commits and waits for the shell to exit.
 */
export async function holdExclusive(db: string): Promise<{ pid: number; release: () => Promise<void> }> {
  const shell = spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  shell.stdout!.on('data', (d: Buffer) => (out += d));
  shell.stderr!.on('data', (d: Buffer) => (out += d));
  const exited = new Promise<void>((resolve) => shell.once('exit', () => resolve()));
  // The shell waits for a write the kiosk may be making at that moment, then holds the lock.
  shell.stdin!.write(".timeout 5000\nBEGIN EXCLUSIVE;\nSELECT 'locked';\n");
  await until(
    () => `sqlite3 to take the lock (said ${JSON.stringify(out)})`,
    () => {
      if (shell.exitCode !== null || /Error/.test(out)) throw new Error(`sqlite3 could not take the lock: ${out}`);
      return out.includes('locked');
    },
  );
  let released = false;
  return {
    pid: shell.pid!,
    release: async () => {
      if (!released) shell.stdin!.end('COMMIT;\n');
      released = true;
      await exited;
    },
  };
}

/** Lines of a stack trace ("    at fn (file:1:2)"): never for a user to see. */
export const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;

/**
 * A new temp folder with a small filesystem of its own mounted on it (6 MB tmpfs), so "disk full"
 * is real; null when not root (mounting needs root; CI runs as root), and an error when root cannot mount it.
 */
export function smallDisk(tempDir: () => string, cleanup: (() => unknown)[]): string | null {
  const dir = tempDir();
  if (process.getuid?.() !== 0) return null;
  // As root (as CI runs) the mount must work: a fault test that quietly skips proves nothing.
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=6m,mode=0700', 'tmpfs', dir], { encoding: 'utf8' });
  if (mount.status !== 0) throw new Error(`cannot mount a tmpfs on ${dir} as root: ${mount.stderr || mount.error?.message}`);
  cleanup.push(() => void spawnSync('umount', ['-l', dir], { stdio: 'ignore' }));
  return dir;
}

/** Fills a filesystem to the last byte; returns the file to delete to make room again. */
export function fillDisk(dir: string): string {
  const file = path.join(dir, 'filler');
  const fd = fs.openSync(file, 'w');
  try {
    for (let size = 1 << 20; size >= 1; size >>= 1) {
      const block = Buffer.alloc(size, 1);
      try {
        for (;;) fs.writeSync(fd, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

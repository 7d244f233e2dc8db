import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** GNU time reports a child's peak resident memory exactly (from wait4); without it, /proc is sampled. */
const GNU_TIME = '/usr/bin/time';
const PEAK_MARK = 'VKBENCH-PEAK-KB';

export interface ChildRun {
  code: number | null;
  /** From spawn to exit, in milliseconds. */
  ms: number;
  /** The process's peak resident set (VmHWM), in MB; null where it cannot be read. */
  peakMB: number | null;
  stdout: string;
  stderr: string;
}

function peakOf(pid: number): number | null {
  try {
    const match = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Runs a command to its end, timing it and measuring its peak memory. Its stdout may go to a
 * file (`stdoutFile`), as a shell's `> file` would.
 */
export function runMeasured(command: string, args: string[], options: { stdin?: string; stdoutFile?: string } = {}): Promise<ChildRun> {
  const timed = fs.existsSync(GNU_TIME);
  const [file, argv] = timed ? [GNU_TIME, ['-f', `${PEAK_MARK} %M`, command, ...args]] : [command, args];
  const out = options.stdoutFile === undefined ? 'pipe' : fs.openSync(options.stdoutFile, 'w');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, { stdio: ['pipe', out, 'pipe'] });
    if (typeof out === 'number') fs.closeSync(out);
    let stdout = '';
    let stderr = '';
    let sampled: number | null = null;
    child.stdout?.on('data', (d: Buffer) => (stdout += d));
    child.stderr!.on('data', (d: Buffer) => (stderr += d));
    const sampler = timed ? null : setInterval(() => (sampled = peakOf(child.pid!) ?? sampled), 10);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (sampler) clearInterval(sampler);
      let peakKB = sampled;
      const mark = stderr.lastIndexOf(PEAK_MARK);
      if (mark >= 0) {
        peakKB = Number(
          stderr
            .slice(mark + PEAK_MARK.length)
            .trim()
            .split(/\s/)[0],
        );
        stderr = stderr.slice(0, mark);
      }
      // GNU time reports a non-zero exit on a line of its own.
      stderr = stderr.replace(/^Command exited with non-zero status \d+\n/m, '');
      resolve({ code, ms, peakMB: peakKB === null ? null : Math.round(peakKB / 1024), stdout, stderr });
    });
    child.stdin!.end(options.stdin ?? '');
  });
}

/** A process started and waited for until its stdout matches `ready`; stopped by its PID. */
export interface Started {
  child: ChildProcess;
  /** From spawn to the ready line, in milliseconds. */
  ms: number;
  match: RegExpMatchArray;
  stop(): Promise<void>;
}

export function startUntil(command: string, args: string[], ready: RegExp, timeoutMs = 30_000): Promise<Started> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let done = false;
    const stop = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    };
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      void stop();
      reject(new Error(`${command} ${args.join(' ')} was not ready after ${timeoutMs} ms: ${stdout}${stderr}`));
    }, timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d;
      const match = stdout.match(ready);
      if (match && !done) {
        done = true;
        clearTimeout(timer);
        resolve({ child, ms: performance.now() - started, match, stop });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d));
    child.on('error', (error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(' ')} exited (${code}) before it was ready: ${stderr.trim() || stdout.trim()}`));
    });
  });
}

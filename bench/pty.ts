import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

/**
 * Opens a pty, links the reader's end where asked, prints the reader's path, then writes each hex
 * line it is given into the pty's master, noting the monotonic clock just before the write; a "?"
 * line asks for that moment, and is answered only once every earlier line has been written. A
 * reader's frame arrives in a tty with nothing in between; a relay (socat's pty pair) would add
 * its own wake-ups to every tap, and so would a reply sent while the tap is being timed. SIGTERM
 * unplugs: the link goes first, so a reader reopening the path finds nothing rather than a dead pty.
 */
const DEVICE = `
import os, signal, sys, time, tty
master, reader = os.openpty()
tty.setraw(reader)
link = sys.argv[1] if len(sys.argv) > 1 else ""
if link:
    os.symlink(os.ttyname(reader), link)
def unplug(*_):
    if link and os.path.islink(link):
        os.unlink(link)
    os._exit(0)
signal.signal(signal.SIGTERM, unplug)
sys.stdout.write((link or os.ttyname(reader)) + "\\n")
sys.stdout.flush()
written = 0
for line in sys.stdin.buffer:
    line = line.strip()
    if line == b"?":
        sys.stdout.write(f"{written}\\n")
        sys.stdout.flush()
        continue
    frame = bytes.fromhex(line.decode())
    written = time.monotonic_ns()
    os.write(master, frame)
unplug()
`;

/**
 * Debian's python3 by its path: a version manager's `python3` on PATH (pyenv's shim is a bash
 * script) can take a second of a loaded machine to start before the helper even runs.
 */
const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** performance.now() and process.hrtime() read the same monotonic clock from different origins. */
function hrtimeToPerformance(): (ns: bigint) => number {
  const offset = performance.now() - Number(process.hrtime.bigint()) / 1e6;
  return (ns) => Number(ns) / 1e6 + offset;
}

/**
 * The badge reader's side of a real pty, for the bench and the tests: the kiosk's serial driver
 * opens `readerPath` with the real serialport binding, and frames are written into the master.
 * Given a folder, the reader's end is linked at `<dir>/ttyREADER`, a path that stays the same
 * when the reader is unplugged (stop) and plugged back (start). The moment (performance.now())
 * the last frame went into the pty is asked for once a tap is over, so nothing comes back from
 * the helper while it is timed. The helper is started and stopped by its PID.
 */
export class PtyDevice {
  private child: ChildProcess | null = null;
  private readonly answers: ((line: string) => void)[] = [];
  private readonly toPerformance = hrtimeToPerformance();
  private readonly link: string | null;
  readerPath: string;

  constructor(dir?: string) {
    this.link = dir === undefined ? null : path.join(dir, 'ttyREADER');
    this.readerPath = this.link ?? '';
  }

  /** Plugs the reader in: starts the helper and waits until the reader's path can be opened. */
  async start(): Promise<void> {
    const child = spawn(PYTHON, ['-c', DEVICE, ...(this.link ? [this.link] : [])], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.answers.length = 0;
    let log = '';
    child.stderr!.on('data', (d: Buffer) => (log += d));
    const lines = readline.createInterface({ input: child.stdout! });
    this.readerPath = await new Promise<string>((resolve, reject) => {
      child.once('error', (error) => reject(new Error(`python3 cannot be started (${error.message}): the reader's pty needs it (apt-get install python3)`)));
      child.once('exit', () => reject(new Error(`the pty helper stopped: ${log.trim()}`)));
      lines.once('line', resolve);
    });
    lines.on('line', (line) => this.answers.shift()?.(line));
  }

  /** Sends bytes as the reader would: each chunk in one write, with a pause after each if asked. */
  async write(chunks: Uint8Array[] | Uint8Array, pauseMs = 0): Promise<void> {
    for (const chunk of Array.isArray(chunks) ? chunks : [chunks]) {
      await this.send(`${Buffer.from(chunk).toString('hex')}\n`);
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
    }
  }

  /** When the last write went into the pty; ask only once its frame has been read. */
  writtenAt(): Promise<number> {
    const answered = new Promise<number>((resolve) => this.answers.push((line) => resolve(this.toPerformance(BigInt(line)))));
    return this.send('?\n').then(() => answered);
  }

  /** Unplugs the reader once every write so far is in the pty: kills the helper by its PID and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.child = null;
      return;
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await Promise.race([this.writtenAt(), exited]);
    this.child = null;
    child.kill('SIGTERM');
    await exited;
    if (this.link) fs.rmSync(this.link, { force: true });
  }

  private send(line: string): Promise<void> {
    const child = this.child;
    if (!child) return Promise.reject(new Error('the pty is unplugged: start() it before writing to it'));
    return new Promise((resolve) => child.stdin!.write(line, () => resolve()));
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';

/**
 * Opens a pty, prints the reader's end, then writes each hex line it is given into the pty's
 * master, noting the monotonic clock just before the write; a "?" line asks for that moment. A
 * reader's frame arrives in a tty with nothing in between; a relay (socat's pty pair) would add
 * its own wake-ups to every tap, and so would a reply sent while the tap is being timed.
 */
const DEVICE = `
import os, sys, time, tty
master, reader = os.openpty()
tty.setraw(reader)
sys.stdout.write(os.ttyname(reader) + "\\n")
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
`;

/** performance.now() and process.hrtime() read the same monotonic clock from different origins. */
function hrtimeToPerformance(): (ns: bigint) => number {
  const offset = performance.now() - Number(process.hrtime.bigint()) / 1e6;
  return (ns) => Number(ns) / 1e6 + offset;
}

/**
 * The badge reader's side of a real pty: the kiosk's serial driver opens `readerPath` with the
 * real serialport binding, and the bench writes frames into the master. The moment
 * (performance.now()) the last frame went into the pty is asked for once the tap is over, so
 * nothing comes back from the helper while it is timed. The helper is stopped by its PID.
 */
export class PtyDevice {
  private child: ChildProcess | null = null;
  private readonly answers: ((line: string) => void)[] = [];
  private readonly toPerformance = hrtimeToPerformance();
  readerPath = '';

  async start(): Promise<void> {
    const child = spawn('python3', ['-c', DEVICE], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    let log = '';
    child.stderr!.on('data', (d: Buffer) => (log += d));
    const lines = readline.createInterface({ input: child.stdout! });
    this.readerPath = await new Promise<string>((resolve, reject) => {
      child.once('error', (error) =>
        reject(new Error(`python3 cannot be started (${error.message}): the tap figures need it to open a pty (apt-get install python3)`)),
      );
      child.once('exit', () => reject(new Error(`the pty helper stopped: ${log.trim()}`)));
      lines.once('line', resolve);
    });
    lines.on('line', (line) => this.answers.shift()?.(line));
  }

  /** Sends bytes as the reader would, in one write; resolves once they have left for the helper. */
  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve) => this.child!.stdin!.write(`${Buffer.from(bytes).toString('hex')}\n`, () => resolve()));
  }

  /** When the last write went into the pty; ask only once its frame has been read. */
  writtenAt(): Promise<number> {
    return new Promise((resolve) => {
      this.answers.push((line) => resolve(this.toPerformance(BigInt(line))));
      this.child!.stdin!.write('?\n');
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A real pty pair made by socat: the kiosk's serial reader driver opens `readerPath` with the
 * real serialport binding, and the bench plays the badge reader by writing to `devicePath`.
 * socat is stopped by its PID.
 */
export class PtyPair {
  private child: ChildProcess | null = null;
  private fd: number | null = null;
  readonly readerPath: string;
  readonly devicePath: string;

  constructor(dir: string) {
    this.readerPath = path.join(dir, 'ttyREADER');
    this.devicePath = path.join(dir, 'ttyDEVICE');
  }

  async start(): Promise<void> {
    const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${this.readerPath}`, `pty,raw,echo=0,link=${this.devicePath}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let log = '';
    let failed: Error | null = null;
    child.on('error', (error) => (failed = error));
    child.stderr!.on('data', (d: Buffer) => (log += d));
    const deadline = Date.now() + 5000;
    while (!log.includes('starting data transfer loop')) {
      if (failed) throw new Error(`socat cannot be started (${(failed as Error).message}): the tap figures need it (apt-get install socat)`);
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`socat did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    this.fd = fs.openSync(this.devicePath, fs.constants.O_WRONLY | fs.constants.O_NOCTTY);
  }

  /** Sends bytes as the reader would, in one write. */
  write(bytes: Uint8Array): void {
    fs.writeSync(this.fd!, bytes);
  }

  async stop(): Promise<void> {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

/** An EM4100 frame as an ID-12LA reader sends it: STX, 10 hex digits, checksum, CR LF, ETX. */
export function em4100Frame(uid: string): Uint8Array {
  const bytes = uid.match(/../g)!.map((h) => Number.parseInt(h, 16));
  const checksum = bytes.reduce((a, b) => a ^ b, 0);
  const body = `${uid.toUpperCase()}${checksum.toString(16).toUpperCase().padStart(2, '0')}`;
  return Uint8Array.from([0x02, ...Buffer.from(body, 'ascii'), 0x0d, 0x0a, 0x03]);
}

import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import type { CheckinResult } from '../../core/api/checkin';
import type { ReaderStatus } from '../../core/readers';
import { demoFeed } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { BIN } from '../fixtures/cli';
import { PtyDevice } from '../../bench/pty';
import { sleep, until } from '../fixtures/wait';

/** Every demo member's RFID UID, with who it is: distinct badges, so no tap is a repeat of another. */
export const demoRfids = (): { uid: string; memberId: string }[] =>
  demoFeed().members.map((m) => ({ uid: m.credentials.find((c) => c.kind === 'rfid')!.value, memberId: m.id }));

export interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

/**
 * A kiosk screen on the WebSocket, as the browser page opens it (Origin = the page's origin):
 * it records every event pushed to it, and calls contract methods.
 */
export class Screen {
  readonly checkins: CheckinResult[] = [];
  readonly readerStatuses: ReaderStatus[] = [];
  readonly events: { event: string; payload: unknown }[] = [];
  closed: { code: number; reason: string } | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const message = JSON.parse(String(data)) as Reply & { event?: string; payload?: unknown };
      if (message.event !== undefined) {
        this.events.push({ event: message.event, payload: message.payload });
        if (message.event === 'checkin') this.checkins.push(message.payload as CheckinResult);
        if (message.event === 'readerStatus') this.readerStatuses.push(message.payload as ReaderStatus);
        return;
      }
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
    });
    socket.on('error', () => {});
  }

  static open(pageUrl: string, options: { origin?: string; maxPayload?: number } = {}): Promise<Screen> {
    const page = new URL(pageUrl);
    const socket = new WebSocket(`ws://${page.host}/api${page.search}`, {
      origin: options.origin ?? page.origin,
      ...(options.maxPayload && { maxPayload: options.maxPayload }),
    });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new Screen(socket)));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  call(method: string, input: unknown = {}): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, resolve);
      this.socket.send(JSON.stringify({ id, method, input }), (error) => error && reject(error));
    });
  }

  async readerConnected(readerId = 'desk', ms = 5000): Promise<void> {
    await until(
      `reader ${readerId} connected`,
      async () => {
        const reply = await this.call('readerStatuses');
        return (reply.result as ReaderStatus[]).some((s) => s.readerId === readerId && s.state === 'connected');
      },
      ms,
      50,
    );
  }

  close(): void {
    this.socket.terminate();
  }
}

/** `visa-kiosk serve` as a process we can SIGKILL; its output is kept for the test to read. */
export interface ServeProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  kill: (signal?: NodeJS.Signals) => Promise<void>;
}

export async function serve(db: string, args: string[] = ['--demo'], env: NodeJS.ProcessEnv = {}, wrapper: string[] = []): Promise<ServeProcess> {
  const command = [...wrapper, process.execPath, BIN, '--db', db, 'serve', '--port', '0', ...args];
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let match: RegExpMatchArray | null;
  const deadline = Date.now() + 15_000;
  while (!(match = out.match(/at (http:\/\/\S+)/))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`serve did not start: ${out}`);
    }
    await sleep(20);
  }
  return {
    url: match[1]!,
    child,
    output: () => out,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export interface LoggedVisit {
  id: number;
  at: string;
  local_date: string;
  decision: string;
  reason: string;
  member_id: string | null;
  credential_value: string | null;
  voided_at: string | null;
}

/** Reads the visit log and checks the file, with a plain connection of its own. */
export function readLog(db: string): { visits: LoggedVisit[]; integrity: string } {
  const conn = new Database(db, { readonly: true });
  try {
    return {
      visits: conn
        .prepare('SELECT id, at, local_date, decision, reason, member_id, credential_value, voided_at FROM visits ORDER BY id')
        .all() as LoggedVisit[],
      integrity: conn.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    conn.close();
  }
}

/**
 * The crash-safety invariant, checked against the log on disk: every decision a screen was
 * shown is logged exactly once (matched by credential and time, and by its visit id), no tap
 * is logged twice, and no member is admitted twice on one day.
 */
export function checkShownAreLogged(visits: LoggedVisit[], shown: CheckinResult[]): { problems: string[]; unshown: LoggedVisit[] } {
  const problems: string[] = [];
  const key = (credential: string | null, at: string) => `${credential}@${at}`;
  const byKey = new Map<string, LoggedVisit[]>();
  for (const v of visits) byKey.set(key(v.credential_value, v.at), [...(byKey.get(key(v.credential_value, v.at)) ?? []), v]);
  for (const [k, rows] of byKey) if (rows.length > 1) problems.push(`tap ${k} is logged ${rows.length} times`);
  const shownIds = new Set<number>();
  for (const result of shown) {
    if (result.decision === 'staff' || result.repeat) continue;
    const rows = byKey.get(key(result.credential.value, result.at)) ?? [];
    if (rows.length !== 1) problems.push(`shown ${result.decision} for ${result.credential.value} at ${result.at} is logged ${rows.length} times`);
    else if (rows[0]!.id !== result.visitId || rows[0]!.decision !== result.decision)
      problems.push(`shown visit #${result.visitId} differs from the log's #${rows[0]!.id} ${rows[0]!.decision}`);
    shownIds.add(result.visitId!);
  }
  const admitted = new Map<string, number>();
  for (const v of visits) {
    if (v.decision !== 'admitted' || v.member_id === null || v.voided_at !== null) continue;
    const k = `${v.member_id}/${v.local_date}`;
    admitted.set(k, (admitted.get(k) ?? 0) + 1);
  }
  for (const [k, n] of admitted) if (n > 1) problems.push(`${k} admitted ${n} times`);
  return { problems, unshown: visits.filter((v) => !shownIds.has(v.id)) };
}

/** Writes frames to a pty as a badge reader does, one every `gapMs`, until told to stop. */
export class TapWriter {
  written: string[] = [];
  private stopped = false;

  constructor(
    private readonly pty: PtyDevice,
    private readonly frame: (uid: string) => Uint8Array,
  ) {}

  stop(): void {
    this.stopped = true;
  }

  async run(uids: string[], gapMs: number, onWritten?: (count: number) => void): Promise<string[]> {
    this.stopped = false;
    const done: string[] = [];
    for (const uid of uids) {
      if (this.stopped) break;
      await this.pty.write(this.frame(uid));
      done.push(uid);
      this.written.push(uid);
      onWritten?.(this.written.length);
      await sleep(gapMs);
    }
    return done;
  }
}

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

/** A real pty linked in `dir`, set as the database's one reader: "desk", EM4100, on serial. */
export async function deskReader(dir: string, db: string, cleanup: (() => unknown)[]): Promise<PtyDevice> {
  const pty = new PtyDevice(dir);
  await pty.start();
  cleanup.push(() => pty.stop());
  const setup = Kiosk.open(db);
  setup.settings.set({ key: 'readers', value: JSON.stringify([{ id: 'desk', type: 'serial', path: pty.readerPath, protocol: 'em4100' }]) });
  await setup.close();
  return pty;
}

/** `serve` on the database with one screen open, once its reader is connected; both undone by `cleanup`. */
export async function serveWithScreen(db: string, cleanup: (() => unknown)[]): Promise<{ kiosk: ServeProcess; screen: Screen }> {
  const kiosk = await serve(db, ['--demo']);
  cleanup.push(() => kiosk.kill('SIGKILL'));
  const screen = await Screen.open(kiosk.url);
  cleanup.push(() => screen.close());
  await screen.readerConnected();
  return { kiosk, screen };
}

/** The demo kiosk as `serve` runs it in `dir`, with an EM4100 reader on a real pty and one screen open. */
export async function kioskWithReader(dir: string, cleanup: (() => unknown)[]) {
  const db = path.join(dir, 'kiosk.db');
  const pty = await deskReader(dir, db, cleanup);
  return { dir, db, pty, ...(await serveWithScreen(db, cleanup)) };
}

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

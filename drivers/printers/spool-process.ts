import { fork } from 'node:child_process';
import type { ChildEvents, ChildHandle, LaunchChild } from '../../core/child-process.js';
import { runSpoolTask, SpoolAnswer, SpoolerReady, type SpoolReply, type SpoolRequest, type SpoolTask } from './spool-task.js';

/** Where the spooler's work is done: in a process of its own (the kiosk), or on the calling thread (tests, tools). */
export interface Spool {
  run(task: SpoolTask, limitMs: number): Promise<SpoolReply>;
  close(): Promise<void>;
}

export const inProcessSpool: Spool = { run: (task) => runSpoolTask(task), close: async () => {} };

/** What a running spooler process tells its parent. */
export type SpoolerEvents = ChildEvents;

/** The parent's handle on a spooler process, however it was started. */
export type SpoolerChild = ChildHandle<SpoolRequest>;

export type LaunchSpooler = LaunchChild<SpoolRequest>;

/** The built spooler entry (dist/node/spooler-process.js) and how to start it. */
export interface SpoolerEntry {
  file: string;
  /** Node's child_process.fork unless given (the Electron app gives its utilityProcess). */
  launch?: LaunchSpooler;
}

const exitReason = (code: number | null, signal: NodeJS.Signals | null) => (signal ? `it was killed (${signal})` : `it exited (code ${code})`);

/**
 * A Node child process, its messages structured-cloned ('advanced'), so a job's bytes cross as
 * bytes. No inherited execArgv (an --inspect port would clash) and nothing on stdout, which
 * belongs to the command line's output.
 */
export const forkSpooler: LaunchSpooler = (entry, events) => {
  const child = fork(entry, [], { serialization: 'advanced', execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  let ended = false;
  const report = (why: string) => {
    if (ended) return;
    ended = true;
    events.exit(why);
  };
  child.on('message', (message) => events.message(message));
  child.once('exit', (code, signal) => report(exitReason(code, signal)));
  // A send on a channel that just closed fails here; the exit that follows fails the job.
  child.on('error', (error) => {
    if (child.pid === undefined) report(`it could not start: ${error.message}`);
  });
  return {
    send: (request) => {
      if (child.connected) child.send(request);
    },
    end: () => {
      if (child.connected) child.disconnect();
    },
    kill: () => child.kill('SIGKILL'),
  };
};

/** How long a spooler may take to end when asked, before it is killed. */
const END_MS = 3000;

interface Running {
  child: SpoolerChild;
  /** Requests wait here until the process says it is listening: a message sent before then is lost. */
  unsent: SpoolRequest[] | null;
  pending: Map<number, { resolve: (reply: SpoolReply) => void; timer: NodeJS.Timeout }>;
  /** Why it was killed, when the kiosk killed it. */
  killedBecause: string | null;
  exited: Promise<void>;
}

/**
 * One spooler process for the kiosk's whole life: node-printer (libcups) is loaded there, once,
 * and never in a worker thread, which it cannot be unloaded from without taking the process
 * down. Requests carry ids and may overlap. If the process dies, the jobs it had fail with the
 * reason and the next request starts a new one; one that does not answer in time is killed.
 */
export class SpoolProcess implements Spool {
  private running: Running | null = null;
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly entry: string,
    private readonly launch: LaunchSpooler = forkSpooler,
  ) {}

  run(task: SpoolTask, limitMs: number): Promise<SpoolReply> {
    if (this.closed) return Promise.resolve({ ok: false, message: 'the print spooler stopped: the kiosk is closing' });
    let running: Running;
    try {
      running = this.running ?? this.start();
    } catch (error) {
      return Promise.resolve({ ok: false, message: `the print spooler could not start: ${(error as Error).message}` });
    }
    const id = this.nextId++;
    return new Promise<SpoolReply>((resolve) => {
      const timer = setTimeout(() => {
        running.pending.delete(id);
        resolve({ ok: false, message: `the print spooler did not answer within ${Math.round(limitMs / 1000)} s` });
        this.kill(running, `it did not answer within ${Math.round(limitMs / 1000)} s and was restarted`);
      }, limitMs);
      running.pending.set(id, { resolve, timer });
      if (running.unsent) running.unsent.push({ id, task });
      else running.child.send({ id, task });
    });
  }

  /** Ends the spooler process (the jobs it still follows are cancelled and fail) and resolves once it has exited. */
  async close(): Promise<void> {
    this.closed = true;
    const running = this.running;
    if (!running) return;
    running.killedBecause ??= 'the kiosk is closing';
    running.child.end();
    const killer = setTimeout(() => running.child.kill(), END_MS);
    await running.exited;
    clearTimeout(killer);
  }

  private start(): Running {
    let exited!: () => void;
    const running: Running = { child: null!, unsent: [], pending: new Map(), killedBecause: null, exited: new Promise((resolve) => (exited = resolve)) };
    running.child = this.launch(this.entry, {
      message: (message) => this.answer(running, message),
      exit: (why) => {
        this.stopped(running, running.killedBecause ?? why);
        exited();
      },
    });
    this.running = running;
    return running;
  }

  private answer(running: Running, message: unknown): void {
    if (SpoolerReady.safeParse(message).success && running.unsent) {
      const unsent = running.unsent;
      running.unsent = null;
      for (const request of unsent) running.child.send(request);
      return;
    }
    const parsed = SpoolAnswer.safeParse(message);
    if (!parsed.success) return;
    const waiting = running.pending.get(parsed.data.id);
    if (!waiting) return;
    running.pending.delete(parsed.data.id);
    clearTimeout(waiting.timer);
    waiting.resolve(parsed.data.reply);
  }

  private kill(running: Running, why: string): void {
    running.killedBecause ??= why;
    running.child.kill();
  }

  private stopped(running: Running, why: string): void {
    if (this.running === running) this.running = null;
    for (const { resolve, timer } of running.pending.values()) {
      clearTimeout(timer);
      resolve({ ok: false, message: `the print spooler stopped: ${why}` });
    }
    running.pending.clear();
  }
}

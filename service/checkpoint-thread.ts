import { Worker } from 'node:worker_threads';
import type { CheckpointPolicy } from '../db/checkpoints.js';
import type { CheckpointData, CheckpointRequest } from './checkpoint-worker.js';

/**
 * The built checkpoint worker (dist/node/checkpoint-worker.js) for one database, started at the
 * first copy (not at start-up, where a thread would cost every start): `copy` copies the
 * write-ahead log there and says whether all of it was copied. Once the worker has died (a copy
 * under way answers false), `copy` returns null: the caller copies on its own thread instead.
 */
export class CheckpointThread {
  private worker: Worker | null = null;
  private readonly waiting: ((complete: boolean) => void)[] = [];
  private exited: Promise<void> = Promise.resolve();
  private closed = false;
  private died = false;

  constructor(
    private readonly file: string,
    private readonly database: string,
    private readonly policy: CheckpointPolicy,
  ) {}

  copy(restart: boolean): Promise<boolean> | null {
    if (this.died) return null;
    const worker = this.thread();
    if (!worker) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      // Held open while it copies: a process ending mid-copy leaves its top-level await unsettled (exit 13).
      worker.ref();
      worker.postMessage((restart ? 'copy' : 'copy-pages') satisfies CheckpointRequest);
    });
  }

  /** Waits for a copy under way, then closes the worker's connection. */
  close(): Promise<void> {
    this.closed = true;
    this.worker?.ref();
    this.worker?.postMessage('close' satisfies CheckpointRequest);
    return this.exited;
  }

  private thread(): Worker | null {
    if (this.worker || this.closed) return this.worker;
    const worker = (this.worker = new Worker(this.file, { workerData: { database: this.database, policy: this.policy } satisfies CheckpointData }));
    worker.unref();
    worker.on('message', (complete: boolean) => {
      if (this.waiting.length === 1 && !this.closed) worker.unref();
      this.waiting.shift()?.(complete);
    });
    worker.on('error', () => undefined);
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        this.died = !this.closed;
        this.worker = null;
        for (const answer of this.waiting.splice(0)) answer(false);
        resolve();
      }),
    );
    return worker;
  }
}

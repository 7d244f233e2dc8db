import { Worker } from 'node:worker_threads';
import type { CheckpointData, CheckpointRequest } from './checkpoint-worker.js';

/**
 * The built checkpoint worker (dist/node/checkpoint-worker.js) for one database: `copy` copies the
 * write-ahead log there and says whether all of it was copied. A worker that died answers false,
 * and the log waits for the connection's close, which checkpoints what is left.
 */
export class CheckpointThread {
  private readonly worker: Worker;
  private readonly waiting: ((complete: boolean) => void)[] = [];
  private readonly exited: Promise<void>;
  private alive = true;

  constructor(file: string, database: string) {
    this.worker = new Worker(file, { workerData: { database } satisfies CheckpointData });
    this.worker.unref();
    this.worker.on('message', (complete: boolean) => this.waiting.shift()?.(complete));
    this.worker.on('error', () => undefined);
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        this.alive = false;
        for (const answer of this.waiting.splice(0)) answer(false);
        resolve();
      }),
    );
  }

  copy(): Promise<boolean> {
    if (!this.alive) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.worker.postMessage('copy' satisfies CheckpointRequest);
    });
  }

  /** Waits for a copy under way, then closes the worker's connection. */
  close(): Promise<void> {
    if (this.alive) this.worker.postMessage('close' satisfies CheckpointRequest);
    return this.exited;
  }
}

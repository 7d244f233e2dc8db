import { Worker } from 'node:worker_threads';
import { KioskError } from '../../core/errors.js';
import type { Db } from '../../db/open.js';
import { pubDir } from '../publish/pub-files.js';
import { openRegistryReader } from '../store/open.js';
import { StoreRefusal } from '../store/refusal.js';
import { runJob, type JobInput, type JobName, type JobOutput, type JobReply, type JobRequest, type WriterContext } from './jobs.js';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

function failure(reply: Extract<JobReply, { ok: false }>): Error {
  if (!reply.code) return new Error(reply.message);
  if (reply.reason !== undefined) return new StoreRefusal(reply.message, reply.code, reply.reason);
  return new KioskError(reply.message, reply.code, reply.detail && { detail: reply.detail });
}

/**
 * The byte arrays of a job's input that own their whole memory (a roster's body): moved to the
 * writer thread rather than copied, which for megabytes would hold up the polls this thread answers.
 * A pooled small buffer shares its memory, so it is copied.
 */
function ownBuffers(input: unknown): ArrayBuffer[] {
  if (typeof input !== 'object' || input === null) return [];
  return Object.values(input).flatMap((value) =>
    value instanceof Uint8Array && value.buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === value.buffer.byteLength
      ? [value.buffer]
      : [],
  );
}

/**
 * Where a running registry's writes and publications happen (registry/writer/jobs.ts). With the
 * built writer thread (dist/node/registry-writer.js) they run there, on a connection of its own,
 * and this thread only answers requests, reading; without it (tests from source) they run here.
 */
export class RegistryWriter {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private nextId = 1;
  private reader: Db | null = null;
  private closed = false;
  /** Settles when the current thread has ended, however it ended (its 'exit' may come before close() listens). */
  private exited: Promise<void> = Promise.resolve();

  constructor(private readonly o: { dir: string; db: Db; workerFile?: string | undefined }) {}

  run<K extends JobName>(job: K, input: JobInput<K>): Promise<JobOutput<K>> {
    if (this.closed) return Promise.reject(new KioskError('the registry is stopping: try again when it is back'));
    if (!this.o.workerFile) return this.here(job, input);
    const worker = this.thread();
    const id = this.nextId++;
    const done = new Promise<JobOutput<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.ref();
      worker.postMessage({ id, job, input } satisfies JobRequest, ownBuffers(input));
    });
    this.inFlight.add(done);
    const forget = () => void this.inFlight.delete(done);
    done.then(forget, forget);
    return done;
  }

  /** Waits for the jobs under way, then stops the thread. */
  async close(): Promise<void> {
    this.closed = true;
    this.reader?.close();
    const worker = this.worker;
    if (!worker) return;
    const exited = this.exited;
    worker.ref();
    await Promise.allSettled(this.inFlight);
    worker.postMessage({ id: 0, job: 'close' } satisfies JobRequest);
    await exited;
  }

  private async here<K extends JobName>(job: K, input: JobInput<K>): Promise<JobOutput<K>> {
    const context: WriterContext = { db: this.o.db, folder: pubDir(this.o.dir), reader: () => (this.reader ??= openRegistryReader(this.o.dir)) };
    const reply = await runJob(context, { id: 0, job, input });
    if (!reply.ok) throw failure(reply);
    return reply.value as JobOutput<K>;
  }

  /**
   * The writer thread, started again if it died (what it was doing is refused, not lost: its
   * transaction rolled back). It holds the process open only while it has work: a job awaited
   * with nothing else alive would otherwise end the process mid-publication (exit 13).
   */
  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.o.workerFile!, { workerData: { dir: this.o.dir } });
    const died = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on('message', (reply: JobReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0 && !this.closed) worker.unref();
      if (reply.ok) p.resolve(reply.value);
      else p.reject(failure(reply));
    });
    worker.once('error', died);
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        died(new Error(`the registry's writer thread stopped (exit ${code})`));
        resolve();
      }),
    );
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

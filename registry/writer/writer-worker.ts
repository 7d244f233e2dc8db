import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Db } from '../../db/open.js';
import { pubDir } from '../publish/pub-files.js';
import { openRegistryDb, openRegistryReader } from '../store/open.js';
import { runJob, type JobRequest, type WriterContext } from './jobs.js';

/** The registry's writer thread (dist/node/registry-writer.js): jobs come in order and are answered by id. */
const { dir } = workerData as { dir: string };
/**
 * A lower CPU priority for this thread alone (Linux: /proc/thread-self names its id): on a busy
 * machine the thread answering kiosks gets the cores first, and a publication takes what is left.
 */
try {
  os.setPriority(Number(fs.readlinkSync('/proc/thread-self').split('/').pop()), 10);
} catch {
  // Elsewhere the thread keeps the process's priority.
}
const db = openRegistryDb(dir);
let reader: Db | null = null;
const context: WriterContext = {
  db,
  folder: pubDir(dir),
  reader: () => (reader ??= openRegistryReader(dir)),
};

parentPort!.on('message', (request: JobRequest) => {
  if (request.job === 'close') {
    reader?.close();
    db.close();
    parentPort!.postMessage({ id: request.id, ok: true, value: null });
    parentPort!.close();
    return;
  }
  void runJob(context, request).then((reply) => parentPort!.postMessage(reply));
});

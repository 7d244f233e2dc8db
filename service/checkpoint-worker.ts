import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { checkpointsByHand, copyLog, type CheckpointPolicy } from '../db/checkpoints.js';

export interface CheckpointData {
  database: string;
  policy: CheckpointPolicy;
}

/** Asked to copy (and start the log over, or not: `copyLog`), answers whether the whole log was copied; asked 'close', closes its connection and ends. */
export type CheckpointRequest = 'copy' | 'copy-pages' | 'close';

/**
 * The kiosk's checkpoints, on a connection and a thread of their own (service/checkpoint-thread.ts):
 * copying a log of thousands of pages, or the hundreds of megabytes a list sync leaves, never
 * holds up the thread that answers taps. This connection never waits for a lock.
 */
const { database, policy } = workerData as CheckpointData;
const db = new Database(database, { fileMustExist: true });
db.pragma('busy_timeout = 0');
checkpointsByHand(db, policy);
parentPort!.on('message', (request: CheckpointRequest) => {
  if (request === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  let complete = false;
  try {
    complete = copyLog(db, request === 'copy');
  } catch {
    // Another process holding the database: the pages stay in the log, which is no loss.
  }
  parentPort!.postMessage(complete);
});

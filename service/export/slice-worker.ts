import { parentPort, workerData } from 'node:worker_threads';
import { openForExport } from '../../db/visit-export.js';
import type { SliceOrder, SliceWorkerData } from './slice-job.js';
import { sliceMaker } from './slice-maker.js';

/**
 * A thread of a sliced visit-log export (service/export/slice-pool.ts), with a read-only
 * connection of its own. It loads only what that takes: every thread counts in the export's memory.
 */
const { database, fd } = workerData as SliceWorkerData;
const make = sliceMaker(openForExport(database), fd);
parentPort!.on('message', (order: SliceOrder) => parentPort!.postMessage(make(order)));

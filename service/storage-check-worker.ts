import { parentPort, workerData } from 'node:worker_threads';
import { problemsInFiles, type PageProblems } from './storage-pages.js';

export interface StorageCheckData {
  database: string;
  listFile: string | null;
}

export type StorageCheckMessage = { type: 'done'; problems: PageProblems } | { type: 'failed'; message: string };

/** A kiosk's start-up quick_check of its two files, off the thread that answers taps (2 s for a million visits and members). */
const { database, listFile } = workerData as StorageCheckData;
try {
  parentPort!.postMessage({ type: 'done', problems: problemsInFiles(database, listFile) } satisfies StorageCheckMessage);
} catch (error) {
  parentPort!.postMessage({ type: 'failed', message: (error as Error).message } satisfies StorageCheckMessage);
}

import { parentPort } from 'node:worker_threads';
import { runSpoolTask, type SpoolTask } from './spool-task.js';

/** Talks to the spooler off the main thread: its calls block until it answers, and a tap must not wait. */
parentPort!.once('message', (task: SpoolTask) => {
  void runSpoolTask(task).then((reply) => parentPort!.postMessage(reply));
});

import { runSpoolTask, type SpoolAnswer, type SpoolerReady, type SpoolRequest } from './spool-task.js';

/**
 * The print spooler process (built as dist/node/spooler-process.js), started once by the kiosk
 * (spool-process.ts). node-printer's calls block until CUPS answers, so they run here, never
 * on the kiosk's thread; and here libcups is loaded once, on a main thread, for the process's life.
 */

/** Electron's utilityProcess hands its child this port; a Node fork has process.send. */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

interface Channel {
  onRequest(listener: (request: SpoolRequest) => void): void;
  tell(message: SpoolAnswer | SpoolerReady): void;
}

/** Jobs still running when the spooler is told to end are cancelled in CUPS, then it exits. */
const stopping = new AbortController();
const running = new Set<Promise<void>>();
const STOP_MS = 2000;

async function stop(): Promise<never> {
  stopping.abort();
  await Promise.race([Promise.allSettled(running), new Promise((resolve) => setTimeout(resolve, STOP_MS))]);
  process.exit(0);
}

function parentChannel(): Channel {
  const port = (process as { parentPort?: ParentPort }).parentPort;
  if (port)
    return { onRequest: (listener) => port.on('message', (event) => listener(event.data as SpoolRequest)), tell: (message) => port.postMessage(message) };
  if (!process.send) {
    process.stderr.write('visa-kiosk: the print spooler is started by the kiosk, not on its own\n');
    process.exit(2);
  }
  // The kiosk is closing, crashed or was killed: a spooler left behind would serve nobody.
  process.on('disconnect', () => void stop());
  return {
    onRequest: (listener) => process.on('message', (request) => listener(request as SpoolRequest)),
    tell: (message) => {
      if (process.connected) process.send!(message);
    },
  };
}

// Ctrl+C in a terminal reaches the whole process group: the kiosk ends its spooler itself, in order.
process.on('SIGINT', () => {});
// How Electron ends a utility process, and a service manager the kiosk's whole process group.
process.once('SIGTERM', () => void stop());

const channel = parentChannel();
channel.onRequest((request) => {
  const task = runSpoolTask(request.task, stopping.signal).then((reply) => channel.tell({ id: request.id, reply }));
  running.add(task);
  void task.finally(() => running.delete(task));
});
channel.tell({ ready: true });

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

function parentChannel(): Channel {
  const port = (process as { parentPort?: ParentPort }).parentPort;
  if (port) return { onRequest: (listener) => port.on('message', (event) => listener(event.data as SpoolRequest)), tell: (message) => port.postMessage(message) };
  if (!process.send) {
    process.stderr.write('visa-kiosk: the print spooler is started by the kiosk, not on its own\n');
    process.exit(2);
  }
  // The kiosk ended, crashed or was killed: a spooler left behind would serve nobody.
  process.on('disconnect', () => process.exit(0));
  return {
    onRequest: (listener) => process.on('message', (request) => listener(request as SpoolRequest)),
    tell: (message) => {
      if (process.connected) process.send!(message);
    },
  };
}

// Ctrl+C in a terminal reaches the whole process group: the kiosk ends its spooler itself, in order.
process.on('SIGINT', () => {});

const channel = parentChannel();
channel.onRequest((request) => {
  void runSpoolTask(request.task).then((reply) => channel.tell({ id: request.id, reply }));
});
channel.tell({ ready: true });

import { utilityProcess } from 'electron';
import type { LaunchChild } from '../core/child-process.js';

/**
 * The app's print spooler runs as an Electron utility process, not a child_process.fork: fork
 * from the main process runs the Electron binary again and relies on ELECTRON_RUN_AS_NODE to make
 * it Node, which the packaged app's runAsNode fuse turns off (electron-builder.yml), so there it
 * would start a second kiosk instead. A utility process is Node started through Chromium,
 * whatever the fuses; its messages are structured clones, so a job's bytes cross as bytes.
 * Browser mode (`visa-kiosk serve`) runs under plain Node and forks (spool-process.ts).
 * Electron ends its utility processes when the app exits.
 */
export const utilitySpooler: LaunchChild = (entry, events) => {
  const child = utilityProcess.fork(entry, [], { serviceName: 'Visa Kiosk print spooler', stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('message', (message: unknown) => events.message(message));
  child.once('exit', (code) => events.exit(`it exited (code ${code})`));
  return {
    send: (request) => {
      try {
        child.postMessage(request);
      } catch {
        // The process has just gone: its exit fails the job.
      }
    },
    // SIGTERM: the spooler cancels the jobs it still follows, then exits.
    end: () => child.kill(),
    kill: () => {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    },
  };
};

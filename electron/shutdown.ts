import { app } from 'electron';

/**
 * Closes the service (readers, database) before the process ends, however the quit began:
 * the first will-quit is held until `close` settles, then the quit goes on.
 */
export function closeBeforeQuit(close: () => Promise<void>, log: (line: string) => void): void {
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    close()
      .catch((error: Error) => log(`closing the kiosk service: ${error.message}`))
      .finally(() => app.quit());
  });
}

/**
 * A service manager's SIGTERM (or Ctrl+C on `npm start`) quits the way a manager's PIN does,
 * through will-quit, so the service and its print spooler close and the app exits 0.
 * A second signal is not caught: it ends the app at once.
 */
export function quitOnSignals(): () => void {
  const quit = () => app.quit();
  for (const signal of SIGNALS) process.once(signal, quit);
  return () => {
    for (const signal of SIGNALS) process.off(signal, quit);
  };
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

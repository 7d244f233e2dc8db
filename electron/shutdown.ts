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

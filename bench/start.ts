import { spawn } from 'node:child_process';
import { startUntil } from './child.js';

/** Spawn → exit of a process, in milliseconds. */
function timeToExit(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - started));
  });
}

/**
 * Cold start: spawn → `visa-kiosk serve` printing its address (database opened, list attached,
 * readers started, server listening), against spawn → exit of `node -e ''`, alternately; and
 * the same start on an empty kiosk database, which shows what the data itself costs.
 */
export async function coldStarts(
  cli: string,
  database: string,
  emptyDatabase: string,
  repetitions: number,
): Promise<{ serve: number[]; empty: number[]; node: number[] }> {
  const serve: number[] = [];
  const empty: number[] = [];
  const node: number[] = [];
  const start = async (db: string) => {
    const started = await startUntil(process.execPath, [cli, '--db', db, 'serve', '--port', '0'], /at http:\/\/\S+/);
    await started.stop();
    return started.ms;
  };
  for (let i = 0; i < repetitions; i++) {
    node.push(await timeToExit(process.execPath, ['-e', '']));
    serve.push(await start(database));
    empty.push(await start(emptyDatabase));
  }
  return { serve, empty, node };
}

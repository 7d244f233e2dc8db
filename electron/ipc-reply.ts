import { KioskError, wireError } from '../core/errors.js';
import type { IpcReply } from './ipc-channels.js';

/**
 * Runs a call for the renderer and wraps its outcome: a KioskError keeps its code, message and detail
 * (the user can act on it), anything else is logged here and reaches the page as a bare "internal".
 */
export async function reply(what: string, run: () => unknown, log: (line: string) => void): Promise<IpcReply> {
  try {
    return { ok: true, result: await run() };
  } catch (error) {
    if (error instanceof KioskError) return { ok: false, error: wireError(error) };
    log(`${what} failed: ${(error as Error).stack ?? String(error)}`);
    return { ok: false, error: { code: 'internal', message: 'the kiosk hit an internal error' } };
  }
}

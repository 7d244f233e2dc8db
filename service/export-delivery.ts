import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KioskError } from '../core/errors.js';
import { parseExportPath } from '../core/wire.js';
import { dispatch, type Connection } from './dispatch.js';
import type { ExportJob } from './export/export-job.js';
import type { Kiosk } from './kiosk.js';
import { EXPORT_TEMP_PREFIX } from './leftovers.js';

/**
 * A manager's export saved in-process (the Electron app's save dialog): authorised and audited as
 * prepareExport on the client's own connection, its one-time ticket taken at once so nobody else
 * can, then written where `choose` says; { saved: false } when the manager chose nowhere.
 */
export async function saveExport(
  service: Kiosk,
  connection: Connection,
  input: unknown,
  choose: (fileName: string) => Promise<string | null>,
): Promise<{ saved: boolean; path?: string }> {
  const { url, fileName } = (await dispatch(service, 'prepareExport', input, connection)) as { url: string; fileName: string };
  const ticket = parseExportPath(url)?.ticket;
  const job = ticket ? service.exports.take(ticket) : null;
  if (!job) throw new KioskError('the export expired before it could be saved: export again', 'refused');
  const file = await choose(fileName);
  if (file === null) return { saved: false };
  await service.exports.toFile(job, file);
  return { saved: true, path: file };
}

/**
 * A download by its one-time ticket (the browser's): the export is written by the export worker to
 * a private temp file, handed to `send`, and removed whatever happens. False when the ticket has
 * expired or was used already.
 */
export async function withExportFile(
  service: Kiosk,
  ticket: string,
  fileName: string,
  send: (file: string, job: ExportJob) => Promise<void>,
): Promise<boolean> {
  const job = service.exports.take(ticket);
  if (!job) return false;
  let dir: string | null = null;
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), EXPORT_TEMP_PREFIX));
    const file = path.join(dir, fileName);
    await service.exports.toFile(job, file);
    await send(file, job);
    return true;
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

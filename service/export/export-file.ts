import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { KioskError } from '../../core/errors.js';
import type { Db } from '../../db/open.js';
import type { ExportJob, ExportOptions, ExportSummary } from './export-job.js';
import { runExport } from './run-export.js';

/** A file that cannot be written, in words: its folder is missing, permission, a folder in its place. */
export function cannotWrite(file: string, error: unknown): KioskError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'its folder does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder'
          : (error as Error).message;
  return new KioskError(`cannot write ${file}: ${why}`);
}

/**
 * Writes an export to a file, readable by its owner only (it holds people's names). A regular
 * file is written beside the target and renamed into place when complete, so a failed export
 * never leaves a truncated report that looks whole; a device or pipe is written directly.
 */
export async function exportToFile(db: Db, job: ExportJob, file: string, options: Omit<ExportOptions, 'bom'> = {}): Promise<ExportSummary> {
  const existing = fs.statSync(file, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw cannotWrite(file, Object.assign(new Error(), { code: 'EISDIR' }));
  const direct = existing !== undefined && !existing.isFile();
  const target = direct ? file : path.join(path.dirname(file), `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}.partial`);
  let fd: number;
  try {
    fd = fs.openSync(target, direct ? 'w' : 'wx', 0o600);
  } catch (error) {
    throw cannotWrite(file, error);
  }
  const out = fs.createWriteStream(target, { fd });
  try {
    // Slice threads write into a regular file at offsets of their own; a pipe or device takes one stream.
    const summary = await runExport(db, job, out, { ...options, ...(options.slices && !direct && { slices: { ...options.slices, fd } }) });
    out.end();
    await finished(out);
    if (!direct) fs.renameSync(target, file);
    return summary;
  } catch (error) {
    out.destroy();
    if (!direct) fs.rmSync(target, { force: true });
    throw error;
  }
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strayListFiles } from '../db/list-file.js';

/**
 * What a killed sync or export leaves behind: a half-built list file beside the database (up to
 * the size of the whole list), a web export's private temp folder. Nothing else removes them
 * until a later sync succeeds, so the kiosk removes them as it starts. A file written to in the
 * last minute may be another process's import still running, and is left to it.
 */
const IN_USE_MS = 60_000;

/** The browser's export downloads' temp folders (service/export-delivery.ts). */
export const EXPORT_TEMP_PREFIX = 'visa-kiosk-export-';

function idle(file: string, now: number): boolean {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat !== undefined && now - stat.mtimeMs > IN_USE_MS;
}

/** The names in a folder; none when it is missing, not a folder, or unreadable (a TMPDIR that is gone must not stop the kiosk). */
function namesIn(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** A file's size, or a folder's files' sizes added up; 0 for what has gone meanwhile. */
function sizeOf(target: string): number {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) return stat?.size ?? 0;
  return namesIn(target).reduce((sum, name) => sum + (fs.statSync(path.join(target, name), { throwIfNoEntry: false })?.size ?? 0), 0);
}

/** Removes the leftovers beside a database whose installed list file is named `listFile`; returns what was removed, with the bytes it freed. */
export function removeLeftovers(databaseFile: string, listFile: string | null, now = Date.now()): { files: string[]; bytes: number } {
  const current = listFile && path.join(path.dirname(databaseFile), listFile);
  const strays = strayListFiles(databaseFile, current).flatMap((file) => [file, `${file}-journal`]);
  const tmp = os.tmpdir();
  const exports = namesIn(tmp)
    .filter((name) => name.startsWith(EXPORT_TEMP_PREFIX))
    .map((name) => path.join(tmp, name))
    .filter((dir) => fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true && namesIn(dir).every((name) => idle(path.join(dir, name), now)));
  const removed = { files: [] as string[], bytes: 0 };
  for (const target of [...strays.filter((file) => idle(file, now)), ...exports.filter((dir) => idle(dir, now))]) {
    const size = sizeOf(target);
    try {
      fs.rmSync(target, { recursive: true, force: true });
      removed.files.push(target);
      removed.bytes += size;
    } catch {
      // Still open elsewhere (Windows), or not ours to remove: left as it is.
    }
  }
  return removed;
}

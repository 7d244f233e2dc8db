import fs from 'node:fs';
import path from 'node:path';
import { fsyncFile, fsyncFolder } from '../../db/durable.js';

/** The files of DIR/pub/ (docs/alliances.md, "Publications"). */
export const pubDir = (dir: string) => path.join(dir, 'pub');
export const feedName = (sequence: number) => `feed-${sequence}.json`;
export const gzName = (sequence: number) => `feed-${sequence}.json.gz`;
export const deltaName = (sequence: number) => `delta-${sequence}.json`;
export const manifestName = (sequence: number) => `manifest-${sequence}.json`;
export const TIMESTAMP_NAME = 'timestamp.json';

/** A file being written carries this prefix until it is complete, so no reader ever sees half of one. */
const TEMP_PREFIX = '.tmp-';
export const tempName = (name: string) => `${TEMP_PREFIX}${name}`;

const NUMBERED = /^(feed|delta|manifest)-(\d+)\.json(\.gz)?$/;

/** The kind and sequence of a publication file, or null for any other name. */
export function numbered(name: string): { kind: 'feed' | 'delta' | 'manifest'; sequence: number } | null {
  const match = NUMBERED.exec(name);
  return match ? { kind: match[1] as 'feed' | 'delta' | 'manifest', sequence: Number(match[2]) } : null;
}

/** Writes a small file whole or not at all: a temporary file, fsynced, renamed over the old one, the folder fsynced. */
export function replaceFile(folder: string, name: string, text: string): void {
  const temp = path.join(folder, tempName(name));
  fs.writeFileSync(temp, text, { mode: 0o600 });
  fsyncFile(temp);
  fs.renameSync(temp, path.join(folder, name));
  fsyncFolder(folder);
}

/**
 * After a crash: removes files a publication left half-written, and the renamed files of one
 * whose row was never committed (that sequence is published again, from the same changes).
 */
export function removeStrays(folder: string, lastCommitted: number): string[] {
  const removed: string[] = [];
  for (const name of fs.readdirSync(folder)) {
    const file = numbered(name);
    if (name.startsWith(TEMP_PREFIX) || (file && file.sequence > lastCommitted)) {
      fs.rmSync(path.join(folder, name), { force: true });
      removed.push(name);
    }
  }
  if (removed.length) fsyncFolder(folder);
  return removed;
}

/**
 * Keeps the latest full feed (and its gzip copy) and the deltas and manifests `keep` says to;
 * the latest manifest always stays.
 */
export function prune(folder: string, latest: number, keep: (sequence: number) => boolean): string[] {
  const removed: string[] = [];
  for (const name of fs.readdirSync(folder)) {
    const file = numbered(name);
    if (!file || file.sequence >= latest) continue;
    if (file.kind === 'feed' || !keep(file.sequence)) {
      fs.rmSync(path.join(folder, name), { force: true });
      removed.push(name);
    }
  }
  return removed;
}

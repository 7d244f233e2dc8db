import fs from 'node:fs';

/** Forces a file's bytes to disk, so a rename that follows never names a file the disk lost. */
export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Forces a folder's entries (a rename, a new file) to disk. */
export function fsyncFolder(folder: string): void {
  const fd = fs.openSync(folder, 'r');
  try {
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot fsync a folder.
  } finally {
    fs.closeSync(fd);
  }
}

/** An empty file only its owner can read, made before any byte is written to it. */
export function createPrivateFile(file: string): void {
  fs.rmSync(file, { force: true });
  fs.closeSync(fs.openSync(file, 'wx', 0o600));
}

/**
 * Copies a file owner-only; false when the source is not there (any other failure throws). Never
 * for a database this process has open: closing any handle on it drops SQLite's locks on it.
 */
export function copyPrivate(source: string, target: string): boolean {
  try {
    fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !fs.existsSync(source)) return false;
    throw error;
  }
  fs.chmodSync(target, 0o600);
  return true;
}

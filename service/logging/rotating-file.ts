import fs from 'node:fs';
import path from 'node:path';

/** How often the file on disk is looked at for a rotation made elsewhere. */
const LOOK_MS = 1000;

/**
 * An append-only text file kept under a size: when the next line would pass `maxBytes`, the file
 * becomes FILE.1 (FILE.1 becomes FILE.2…) and the oldest beyond `maxFiles` is dropped. Owner-only
 * (0600) like the database: even redacted, a log says who came when.
 */
export class RotatingFile {
  private fd: number | null = null;
  private inode = -1;
  /** The file's size as last written here, and when the file on disk was last looked at. */
  private size = 0;
  private lookedAt = -Infinity;

  constructor(
    readonly file: string,
    private readonly maxBytes: number,
    private readonly maxFiles: number,
  ) {}

  /** Appends whole lines, rotating between two lines when the next would pass the size. */
  append(lines: readonly string[]): void {
    let fd = this.current();
    let size = this.size;
    let chunk: Buffer[] = [];
    let chunkBytes = 0;
    const write = () => {
      // One write of whole lines on an O_APPEND file: lines from two processes never interleave.
      if (chunkBytes > 0) fs.writeSync(fd, Buffer.concat(chunk, chunkBytes));
      size += chunkBytes;
      chunk = [];
      chunkBytes = 0;
    };
    for (const line of lines) {
      const bytes = Buffer.from(line, 'utf8');
      if (size + chunkBytes > 0 && size + chunkBytes + bytes.length > this.maxBytes) {
        write();
        this.rotate();
        fd = this.current();
        size = this.size;
      }
      chunk.push(bytes);
      chunkBytes += bytes.length;
    }
    write();
    this.size = size;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  /**
   * The open file, reopened when another process (the CLI beside the running kiosk) has rotated
   * it. Looked at on disk at most once a second (two stats after every tap made garbage for
   * nothing): until then, lines still go to the file it became, and another process's lines are
   * counted in its size from the next look. Only whether the file is still there is asked every time.
   */
  private current(): number {
    const now = performance.now();
    // A file deleted is reopened at once: lines written to it would be lost. One renamed (a rotation,
    // by the CLI or logrotate) is followed at the next look, its lines kept in the file it became.
    if (this.fd !== null && now - this.lookedAt < LOOK_MS && fs.existsSync(this.file)) return this.fd;
    this.lookedAt = now;
    const onDisk = fs.statSync(this.file, { throwIfNoEntry: false });
    if (this.fd !== null && onDisk?.ino === this.inode) {
      this.size = onDisk.size;
      return this.fd;
    }
    this.close();
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const fd = fs.openSync(this.file, 'a', 0o600);
    // A file made earlier by hand or under a looser umask is narrowed too.
    fs.fchmodSync(fd, 0o600);
    const opened = fs.fstatSync(fd);
    this.fd = fd;
    this.inode = opened.ino;
    this.size = opened.size;
    return fd;
  }

  private rotate(): void {
    this.close();
    this.lookedAt = -Infinity;
    const nth = (n: number) => (n === 0 ? this.file : `${this.file}.${n}`);
    fs.rmSync(nth(this.maxFiles - 1), { force: true });
    for (let n = this.maxFiles - 2; n >= 0; n--) {
      if (fs.existsSync(nth(n))) fs.renameSync(nth(n), nth(n + 1));
    }
  }
}

import type { Writable } from 'node:stream';

/** Text is gathered into chunks of about this many characters before it is written. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Writes text to a stream in chunks and waits for 'drain' whenever the stream says it is full,
 * so however long the export, memory holds about one chunk. It never ends the stream: the
 * stream belongs to the caller (stdout must stay open). Call flush() at the end, then release().
 */
export class TextSink {
  private parts: string[] = [];
  private size = 0;
  private bytes = 0;
  private failure: Error | null = null;
  private readonly onError = (error: Error) => {
    this.failure ??= error;
  };

  constructor(private readonly out: Writable) {
    // Listening before the first write: a stream error is reported by the next write, not thrown at the process.
    out.on('error', this.onError);
  }

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK_CHARS) await this.flush();
  }

  /** Writes bytes, after the text gathered before them. */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    await this.flush();
    this.bytes += bytes.length;
    if (!this.out.write(bytes)) await this.drained();
    if (this.failure) throw this.failure;
  }

  /** Resolves, once the stream has written everything handed to it, to the bytes it wrote. */
  async written(): Promise<number> {
    // Writes are done in order: the callback of an empty one comes after all before it.
    await new Promise<void>((resolve, reject) => this.out.write('', (error) => (error ? reject(error) : resolve())));
    if (this.failure) throw this.failure;
    return this.bytes;
  }

  /** Stops listening for the stream's errors; the caller, who ends the stream, hears them from now on. */
  release(): void {
    this.out.off('error', this.onError);
  }

  /** Writes what is gathered so far. */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.size === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.bytes += Buffer.byteLength(chunk);
    if (!this.out.write(chunk)) await this.drained();
    if (this.failure) throw this.failure;
  }

  private closedEarly(): Error {
    return this.failure ?? new Error('the output was closed before the export finished');
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.out.destroyed) {
        reject(this.closedEarly());
        return;
      }
      const done = (error?: Error) => {
        this.out.off('drain', onDrain);
        this.out.off('error', onFail);
        this.out.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => done();
      const onFail = (error: Error) => done(error);
      const onClose = () => done(this.closedEarly());
      this.out.on('drain', onDrain);
      this.out.on('error', onFail);
      this.out.on('close', onClose);
    });
  }
}

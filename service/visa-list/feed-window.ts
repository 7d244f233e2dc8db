import { isUtf8 } from 'node:buffer';
import { KioskError } from '../../core/errors.js';

/** Fills `into[offset, offset + length)` with the next bytes of the feed; returns how many (0 at its end). */
export type FeedReader = (into: Uint8Array, offset: number, length: number) => number;

export const refuse = (why: string): never => {
  throw new KioskError(`the feed was refused: ${why}`, 'invalid', { detail: { what: 'feed_invalid' } });
};

/** How much of a feed file is read at a time; a value larger than this grows the window. */
export const WINDOW_BYTES = 4 << 20;

/**
 * The part of the feed in memory: bytes [base, end) of the feed, in `buf`. Positions are
 * always offsets in the whole feed, so messages name the byte of the file. Reading more drops
 * the bytes before `keep` (nothing before it is looked at again) and checks that what was
 * read is UTF-8, up to the last whole character.
 */
export class Window {
  buf: Uint8Array;
  base = 0;
  end: number;
  eof: boolean;
  /** Bytes from here on are still needed: the value being scanned, or the records of a batch. */
  keep = 0;
  /** While a batch holds records, where its first one starts. */
  pin = Number.POSITIVE_INFINITY;
  /** Bytes before this are known to be UTF-8. */
  private checked = 0;
  private readonly read: FeedReader | null;

  constructor(input: Uint8Array | FeedReader) {
    if (input instanceof Uint8Array) {
      if (!isUtf8(input)) refuse('it is not UTF-8 text');
      this.buf = input;
      this.end = input.length;
      this.eof = true;
      this.read = null;
    } else {
      this.buf = new Uint8Array(WINDOW_BYTES);
      this.end = 0;
      this.eof = false;
      this.read = input;
      this.more();
    }
  }

  /** Reads the next bytes of the feed; false at its end. */
  more(): boolean {
    if (this.eof) return false;
    const from = Math.min(this.keep, this.checked, this.end);
    if (from > this.base) {
      this.buf.copyWithin(0, from - this.base, this.end - this.base);
      this.base = from;
    }
    const held = this.end - this.base;
    if (held === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    const n = this.read!(this.buf, held, this.buf.length - held);
    if (n === 0) {
      this.eof = true;
      this.check(this.end);
      return false;
    }
    this.end += n;
    this.check(this.lastWholeCharacter());
    return true;
  }

  private check(upto: number): void {
    if (upto <= this.checked) return;
    if (!isUtf8(this.buf.subarray(this.checked - this.base, upto - this.base))) refuse('it is not UTF-8 text');
    this.checked = upto;
  }

  /** Where the window's last complete UTF-8 character ends: a character may be cut by the read. */
  private lastWholeCharacter(): number {
    const held = this.end - this.base;
    for (let k = 1; k <= 3 && k <= held; k++) {
      const b = this.buf[held - k]!;
      if (b < 0x80) return this.end;
      if (b >= 0xc0) return k < (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) ? this.end - k : this.end;
    }
    return this.end;
  }

  text(start: number, end: number): string {
    const { buf } = this;
    return Buffer.from(buf.buffer, buf.byteOffset + start - this.base, end - start).toString('utf8');
  }
}

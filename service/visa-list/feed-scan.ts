import { isUtf8 } from 'node:buffer';
import { KioskError } from '../../core/errors.js';

/**
 * Walks a feed's top-level JSON object without building it: each element of the `spaces`
 * and `members` arrays is handed over as soon as its bytes are known, parsed on its own, so a
 * million-member feed never becomes one giant string or one giant object. Every other
 * top-level value (format, sequence…) is small and parsed whole. JSON.parse checks the syntax
 * inside each value; this scanner checks the structure between them.
 *
 * The bytes are either all in memory (a downloaded feed, a signed one whose exact bytes were
 * verified) or read from a file a window at a time (`FeedReader`), so an import of a feed
 * file holds a few megabytes of it, never the whole file.
 */
export interface ScanHandlers {
  /** A top-level value; for the streamed `spaces` and `members` lists, the number of elements. */
  value(key: string, value: unknown): void;
  element(list: 'spaces' | 'members', index: number, value: unknown): void;
}

/** Fills `into[offset, offset + length)` with the next bytes of the feed; returns how many (0 at its end). */
export type FeedReader = (into: Uint8Array, offset: number, length: number) => number;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

const refuse = (why: string): never => {
  throw new KioskError(`the feed was refused: ${why}`, 'invalid', { detail: { what: 'feed_invalid' } });
};

/** How much of a feed file is read at a time; a value larger than this grows the window. */
export const WINDOW_BYTES = 4 << 20;

/**
 * Objects and arrays inside one another, at most: a feed needs four or five. Far deeper ones
 * (a hostile feed) would overflow the stack of every later step that walks the value.
 */
const MAX_NESTING = 64;

/**
 * The part of the feed in memory: bytes [base, end) of the feed, in `buf`. Positions are
 * always offsets in the whole feed, so messages name the byte of the file. Reading more drops
 * the bytes before `keep` (nothing before it is looked at again) and checks that what was
 * read is UTF-8, up to the last whole character.
 */
class Window {
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

class Cursor {
  pos = 0;
  constructor(readonly w: Window) {}

  fail(what: string): never {
    if (this.w.eof && this.pos >= this.w.end)
      throw new KioskError(`the feed was refused: it is cut off (truncated) at byte ${this.w.end}`, 'invalid', { detail: { what: 'feed_invalid' } });
    throw new KioskError(`the feed was refused: it is not valid JSON (${what} at byte ${this.pos})`, 'invalid', { detail: { what: 'feed_invalid' } });
  }

  /** The byte at the cursor, or -1 at the end of the feed. */
  peek(): number {
    const w = this.w;
    while (this.pos >= w.end) if (!w.more()) return -1;
    return w.buf[this.pos - w.base]!;
  }

  skipSpace(): number {
    const w = this.w;
    for (;;) {
      const { buf, base } = w;
      const n = w.end - base;
      let j = this.pos - base;
      while (j < n) {
        const b = buf[j]!;
        if (!isSpace(b)) {
          this.pos = j + base;
          return b;
        }
        j++;
      }
      this.pos = j + base;
      if (!w.more()) return -1;
    }
  }

  expect(byte: number, what: string): void {
    if (this.skipSpace() !== byte) this.fail(`expected ${what}`);
    this.pos++;
  }

  /** Moves past a string starting at the current quote. */
  private skipString(): void {
    const w = this.w;
    let i = this.pos + 1;
    for (;;) {
      const { buf, base } = w;
      const n = w.end - base;
      let j = i - base;
      while (j < n) {
        const b = buf[j]!;
        if (b === BACKSLASH) j += 2;
        else if (b === QUOTE) {
          this.pos = j + 1 + base;
          return;
        } else j++;
      }
      i = j + base;
      this.pos = Math.min(i, w.end);
      if (!w.more()) break;
    }
    this.pos = w.end;
    this.fail('unterminated string');
  }

  /** Moves past an object or array starting at the current brace or bracket, refusing one nested past MAX_NESTING. */
  private skipNested(): void {
    const w = this.w;
    let depth = 0;
    let inString = false;
    let i = this.pos;
    for (;;) {
      const { buf, base } = w;
      const n = w.end - base;
      let j = i - base;
      while (j < n) {
        const b = buf[j]!;
        if (inString) {
          if (b === BACKSLASH) j += 2;
          else {
            if (b === QUOTE) inString = false;
            j++;
          }
          continue;
        }
        j++;
        if (b === QUOTE) inString = true;
        else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
          if (++depth > MAX_NESTING) refuse(`it nests lists or objects more than ${MAX_NESTING} deep (at byte ${j - 1 + base})`);
        } else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && --depth === 0) {
          this.pos = j + base;
          return;
        }
      }
      i = j + base;
      this.pos = Math.min(i, w.end);
      if (!w.more()) break;
    }
    this.pos = w.end;
    this.fail(inString ? 'unterminated string' : 'unclosed object or array');
  }

  /** Moves past one value of any kind, returning where it started. */
  skipValue(): number {
    const w = this.w;
    const first = this.skipSpace();
    const start = this.pos;
    w.keep = Math.min(w.pin, start);
    if (first === QUOTE) {
      this.skipString();
      return start;
    }
    if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      this.skipNested();
      return start;
    }
    for (let b = first; b !== -1; b = this.peek()) {
      if (b === COMMA || b === CLOSE_BRACE || b === CLOSE_BRACKET || isSpace(b)) break;
      this.pos++;
    }
    if (this.pos === start) this.fail('expected a value');
    return start;
  }

  parse(start: number): unknown {
    const text = this.w.text(start, this.pos);
    try {
      return JSON.parse(text);
    } catch (error) {
      this.pos = start;
      // V8 quotes the text around the error, line breaks included: the refusal stays one line.
      return this.fail((error as Error).message.replace(/\s+/g, ' '));
    }
  }
}

const BATCH_BYTES = 1 << 20;

/**
 * Parses records a megabyte at a time with one JSON.parse of the bytes that hold them: far
 * cheaper than one call per record. Only when a batch is broken are its records parsed one
 * by one, to say which record and byte.
 */
class Batch {
  private starts: number[] = [];
  private ends: number[] = [];
  total = 0;

  constructor(
    private readonly cursor: Cursor,
    private readonly list: 'spaces' | 'members',
    private readonly handlers: ScanHandlers,
  ) {}

  add(start: number, end: number): void {
    if (this.starts.length === 0) this.cursor.w.pin = start;
    this.starts.push(start);
    this.ends.push(end);
    this.total++;
    if (end - this.starts[0]! >= BATCH_BYTES) this.flush();
  }

  flush(): void {
    const count = this.starts.length;
    if (count === 0) return;
    const first = this.total - count;
    const text = this.cursor.w.text(this.starts[0]!, this.ends[count - 1]!);
    let values: unknown[] | null = null;
    try {
      values = JSON.parse(`[${text}]`) as unknown[];
    } catch {
      // Fall through to one record at a time, which names the broken one.
    }
    const end = this.cursor.pos;
    for (let i = 0; i < count; i++) {
      let value: unknown;
      if (values) value = values[i];
      else {
        this.cursor.pos = this.ends[i]!;
        value = this.cursor.parse(this.starts[i]!);
      }
      this.handlers.element(this.list, first + i, value);
    }
    this.cursor.pos = end;
    this.starts = [];
    this.ends = [];
    this.cursor.w.pin = Number.POSITIVE_INFINITY;
  }
}

/** Scans a feed held in memory, or read through `input` a window at a time. */
export function scanFeed(input: Uint8Array | FeedReader, handlers: ScanHandlers): void {
  const window = new Window(input);
  const cursor = new Cursor(window);
  // A UTF-8 byte-order mark is tolerated, as JSON parsers commonly do.
  while (window.end < 3 && window.more());
  if (window.end >= 3 && window.buf[0] === 0xef && window.buf[1] === 0xbb && window.buf[2] === 0xbf) cursor.pos = 3;
  if (cursor.skipSpace() !== OPEN_BRACE) refuse(window.eof && cursor.pos >= window.end ? 'it is empty' : 'it is not a JSON object');
  cursor.pos++;
  const seen = new Set<string>();
  let next = cursor.skipSpace();
  while (next !== CLOSE_BRACE) {
    if (seen.size > 0) {
      cursor.expect(COMMA, '"," between keys');
      cursor.skipSpace();
    }
    if (cursor.skipSpace() !== QUOTE) cursor.fail('expected a key');
    const keyStart = cursor.skipValue();
    const key = cursor.parse(keyStart) as string;
    if (seen.has(key)) cursor.fail(`the key "${key}" appears twice`);
    seen.add(key);
    cursor.expect(COLON, '":"');
    if (key === 'spaces' || key === 'members') {
      // Anything else under these keys would read as a feed that lists no one.
      const open = cursor.skipSpace();
      if (open === -1) cursor.fail('expected a list');
      if (open !== OPEN_BRACKET) refuse(`"${key}" must be a list of ${key}`);
      cursor.pos++;
      const batch = new Batch(cursor, key, handlers);
      while (cursor.skipSpace() !== CLOSE_BRACKET) {
        if (batch.total > 0) cursor.expect(COMMA, '"," between records');
        const start = cursor.skipValue();
        batch.add(start, cursor.pos);
      }
      batch.flush();
      cursor.pos++;
      handlers.value(key, batch.total);
    } else {
      const start = cursor.skipValue();
      handlers.value(key, cursor.parse(start));
    }
    next = cursor.skipSpace();
    if (next !== CLOSE_BRACE && next !== COMMA) cursor.fail('expected "," or "}"');
  }
  cursor.pos++;
  if (cursor.skipSpace() !== -1) cursor.fail('unexpected data after the feed');
}

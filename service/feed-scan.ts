import { isUtf8 } from 'node:buffer';
import { KioskError } from '../core/errors.js';

/**
 * Walks a feed's top-level JSON object without building it: each element of the `spaces`
 * and `members` arrays is handed over as soon as its bytes are known, parsed on its own, so a
 * million-member feed never becomes one giant string or one giant object. Every other
 * top-level value (format, sequence…) is small and parsed whole. JSON.parse checks the syntax
 * inside each value; this scanner checks the structure between them.
 */
export interface ScanHandlers {
  /** A top-level value; for the streamed `spaces` and `members` arrays, the number of elements. */
  value(key: string, value: unknown): void;
  element(list: 'spaces' | 'members', index: number, value: unknown): void;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

class Cursor {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  fail(what: string): never {
    if (this.pos >= this.bytes.length) throw new KioskError(`the feed was refused: it is cut off (truncated) at byte ${this.bytes.length}`, 'invalid');
    throw new KioskError(`the feed was refused: it is not valid JSON (${what} at byte ${this.pos})`, 'invalid');
  }

  skipSpace(): number {
    while (this.pos < this.bytes.length && isSpace(this.bytes[this.pos]!)) this.pos++;
    return this.pos < this.bytes.length ? this.bytes[this.pos]! : -1;
  }

  expect(byte: number, what: string): void {
    if (this.skipSpace() !== byte) this.fail(`expected ${what}`);
    this.pos++;
  }

  /** Moves past a string starting at the current quote. */
  skipString(): void {
    const { bytes } = this;
    let i = this.pos + 1;
    while (i < bytes.length) {
      const b = bytes[i]!;
      if (b === BACKSLASH) i += 2;
      else if (b === QUOTE) {
        this.pos = i + 1;
        return;
      } else i++;
    }
    this.pos = bytes.length;
    this.fail('unterminated string');
  }

  /** Moves past one value of any kind, returning where it started. */
  skipValue(): number {
    const { bytes } = this;
    const first = this.skipSpace();
    const start = this.pos;
    if (first === QUOTE) {
      this.skipString();
      return start;
    }
    if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      let depth = 0;
      while (this.pos < bytes.length) {
        const b = bytes[this.pos]!;
        if (b === QUOTE) {
          this.skipString();
          continue;
        }
        if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
        else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
        this.pos++;
        if (depth === 0) return start;
      }
      this.fail('unclosed object or array');
    }
    while (this.pos < bytes.length) {
      const b = bytes[this.pos]!;
      if (b === COMMA || b === CLOSE_BRACE || b === CLOSE_BRACKET || isSpace(b)) break;
      this.pos++;
    }
    if (this.pos === start) this.fail('expected a value');
    return start;
  }

  parse(start: number): unknown {
    const text = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + start, this.pos - start).toString('utf8');
    try {
      return JSON.parse(text);
    } catch (error) {
      this.pos = start;
      return this.fail((error as Error).message);
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
    this.starts.push(start);
    this.ends.push(end);
    this.total++;
    if (end - this.starts[0]! >= BATCH_BYTES) this.flush();
  }

  flush(): void {
    const count = this.starts.length;
    if (count === 0) return;
    const first = this.total - count;
    const { bytes } = this.cursor;
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + this.starts[0]!, this.ends[count - 1]! - this.starts[0]!).toString('utf8');
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
  }
}

const refuse = (why: string): never => {
  throw new KioskError(`the feed was refused: ${why}`, 'invalid');
};

export function scanFeed(bytes: Uint8Array, handlers: ScanHandlers): void {
  if (!isUtf8(bytes)) refuse('it is not UTF-8 text');
  const cursor = new Cursor(bytes);
  // A UTF-8 byte-order mark is tolerated, as JSON parsers commonly do.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) cursor.pos = 3;
  if (cursor.skipSpace() !== OPEN_BRACE) refuse(cursor.pos >= bytes.length ? 'it is empty' : 'it is not a JSON object');
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
    if ((key === 'spaces' || key === 'members') && cursor.skipSpace() === OPEN_BRACKET) {
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

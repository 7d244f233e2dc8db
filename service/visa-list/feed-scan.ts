import { COLON, COMMA, CLOSE_BRACE, CLOSE_BRACKET, Cursor, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './feed-cursor.js';
import { refuse, Window, type FeedReader } from './feed-window.js';

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

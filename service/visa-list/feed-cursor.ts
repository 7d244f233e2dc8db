import { KioskError } from '../../core/errors.js';
import { refuse, type Window } from './feed-window.js';

export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const COMMA = 0x2c;
export const COLON = 0x3a;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * Objects and arrays inside one another, at most: a feed needs four or five. Far deeper ones
 * (a hostile feed) would overflow the stack of every later step that walks the value.
 */
const MAX_NESTING = 64;

export class Cursor {
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

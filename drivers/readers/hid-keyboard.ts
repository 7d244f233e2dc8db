import { hexByte, type Decoded } from './decoder.js';

/**
 * Badge readers in keyboard mode: USB HID boot-keyboard input reports (modifier byte,
 * reserved byte, six key codes), US layout. Readers send a press report then an all-zero
 * release report per character; a key counts only in the report where it first appears.
 */
const REPORT_LENGTH = 8;
const MAX_READ = 128;
const SHIFT = 0x02 | 0x20;
const ROLLOVER = 0x01;
const ENDS_READ = new Set([0x28, 0x58, 0x2b]); // Enter, keypad Enter, Tab
/**
 * Keys that type nothing and that some readers send before a read (Escape, Caps Lock, F1–F12,
 * the navigation block, Num Lock, F13–F24): passed over there. Inside a read, and for any
 * other key the table does not know, a key stands where a character should be: refused.
 */
const PASSED_OVER = new Set([0x29, 0x39, ...range(0x3a, 0x53), ...range(0x68, 0x73)]);

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Key code → [unshifted, shifted]. */
const KEYS = new Map<number, [string, string]>();
for (let i = 0; i < 26; i++) KEYS.set(0x04 + i, [String.fromCharCode(0x61 + i), String.fromCharCode(0x41 + i)]);
[...'1234567890'].forEach((digit, i) => KEYS.set(0x1e + i, [digit, '!@#$%^&*()'[i] ?? digit]));
// Keypad digits stay digits with shift: readers use them for numbers only.
[...'1234567890'].forEach((digit, i) => KEYS.set(0x59 + i, [digit, digit]));
const PUNCTUATION: [number, string, string][] = [
  [0x2c, ' ', ' '],
  [0x2d, '-', '_'],
  [0x2e, '=', '+'],
  [0x2f, '[', '{'],
  [0x30, ']', '}'],
  [0x31, '\\', '|'],
  [0x33, ';', ':'],
  [0x34, "'", '"'],
  [0x35, '`', '~'],
  [0x36, ',', '<'],
  [0x37, '.', '>'],
  [0x38, '/', '?'],
];
for (const [code, plain, shifted] of PUNCTUATION) KEYS.set(code, [plain, shifted]);


export class KeyboardReportDecoder {
  private held = new Set<number>();
  private text = '';
  /**
   * After an error the rest of that read, up to its Enter or Tab, is dropped too, so its tail
   * never arrives as a read of its own. An error between reads (which cannot be told from one
   * at a read's start) costs the next badge, which is tapped again, never misread.
   */
  private discarding = false;

  push(report: Uint8Array): Decoded[] {
    if (report.length !== REPORT_LENGTH) {
      return [this.fail(`keyboard report of ${report.length} bytes, ${REPORT_LENGTH} expected`)];
    }
    const keys = [...report.subarray(2)];
    if (keys.every((k) => k === ROLLOVER)) return [this.fail('too many keys pressed at once (rollover)')];
    const shifted = ((report[0] ?? 0) & SHIFT) !== 0;
    const pressed = new Set(keys);
    const out: Decoded[] = [];
    for (const key of pressed) {
      if (key === 0 || this.held.has(key)) continue;
      const result = this.press(key, shifted);
      if (result) out.push(result);
    }
    this.held = pressed;
    return out;
  }

  reset(): void {
    this.held = new Set();
    this.text = '';
    this.discarding = false;
  }

  private press(key: number, shifted: boolean): Decoded | undefined {
    if (ENDS_READ.has(key)) {
      const { text, discarding } = this;
      this.text = '';
      this.discarding = false;
      return discarding || text === '' ? undefined : { type: 'read', text };
    }
    if (this.discarding || (PASSED_OVER.has(key) && this.text === '')) return undefined;
    const chars = KEYS.get(key);
    if (!chars) return this.fail(`unknown key code ${hexByte(key)}`);
    if (this.text.length === MAX_READ) return this.fail(`read longer than ${MAX_READ} characters`);
    this.text += shifted ? chars[1] : chars[0];
    return undefined;
  }

  private fail(reason: string): Decoded {
    this.discarding = true;
    this.text = '';
    return { type: 'error', reason };
  }
}

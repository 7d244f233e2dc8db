import { MAX_BARCODE_LENGTH } from '../../core/credentials.js';
import { hexByte, refused, type Decoded } from './decoder.js';
import type { FrameProblem } from '../../core/reader-reason.js';
import { fieldValue, pageOf, parseReportDescriptor, variableUsage, inputReportBytes, type HidField, type HidReportDescriptor } from './hid-descriptor.js';

/**
 * Badge readers in keyboard mode: USB HID keyboard input reports, laid out as the device's
 * report descriptor says (a boot keyboard's modifier byte, reserved byte and six key codes; a
 * composite device's report ID first), US layout. Readers send a press report then a release
 * report per character; a key counts only in the report where it first appears.
 */
/** A 2D scanner in keyboard mode types whole visa passes. */
const MAX_READ = MAX_BARCODE_LENGTH;
const KEYBOARD_PAGE = 0x07;
const LEFT_SHIFT = 0xe1;
const RIGHT_SHIFT = 0xe5;
const FIRST_MODIFIER = 0xe0;
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

/** Where a keyboard report's keys are: the keyboard-page fields of one input report. */
export interface KeyboardLayout {
  reportId: number;
  usesReportIds: boolean;
  /** The report's length, its report ID byte included. */
  bytes: number;
  fields: HidField[];
}

/** The keyboard report of a descriptor, or why the device cannot type. */
export function keyboardLayout(descriptor: HidReportDescriptor): KeyboardLayout | { error: string } {
  const keyFields = descriptor.inputs.filter((f) => !f.constant && f.usages.some((u) => pageOf(u) === KEYBOARD_PAGE));
  const first = keyFields[0];
  if (!first) return { error: 'its report descriptor has no keyboard keys (usage page 0x07): it is not a reader in keyboard mode' };
  const { reportId } = first;
  return {
    reportId,
    usesReportIds: descriptor.usesReportIds,
    bytes: inputReportBytes(descriptor, reportId),
    fields: keyFields.filter((f) => f.reportId === reportId),
  };
}

/**
 * The boot keyboard of HID 1.11, Appendix E.6 (its reports are the boot protocol of Appendix
 * B.1): the layout assumed when the operating system does not give the device's own descriptor.
 */
export const BOOT_KEYBOARD_DESCRIPTOR = Uint8Array.from([
  0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0x95, 0x01, 0x75, 0x08,
  0x81, 0x01, 0x95, 0x05, 0x75, 0x01, 0x05, 0x08, 0x19, 0x01, 0x29, 0x05, 0x91, 0x02, 0x95, 0x01, 0x75, 0x03, 0x91, 0x01, 0x95, 0x06, 0x75, 0x08, 0x15, 0x00,
  0x25, 0x65, 0x05, 0x07, 0x19, 0x00, 0x29, 0x65, 0x81, 0x00, 0xc0,
]);
const bootKeyboard = keyboardLayout(parseReportDescriptor(BOOT_KEYBOARD_DESCRIPTOR)) as KeyboardLayout;

/** The keyboard-page usages a report holds down, in report order, or why it cannot be read. */
function keysDown(layout: KeyboardLayout, data: Uint8Array): number[] | string {
  const down: number[] = [];
  for (const field of layout.fields) {
    for (let i = 0; i < field.count; i++) {
      const value = fieldValue(data, field, i);
      let extended: number | undefined;
      if (field.variable) extended = value !== 0 ? variableUsage(field, i) : undefined;
      else if (value >= field.logicalMin && value <= field.logicalMax) extended = field.usages[value - field.logicalMin];
      if (extended === undefined || pageOf(extended) !== KEYBOARD_PAGE) continue;
      const key = extended & 0xffff;
      if (key === ROLLOVER && !field.variable) return 'too many keys pressed at once (rollover)';
      if (key !== 0) down.push(key);
    }
  }
  return down;
}

export class KeyboardReportDecoder {
  private held = new Set<number>();
  private text = '';
  /**
   * After an error the rest of that read, up to its Enter or Tab, is dropped too, so its tail
   * never arrives as a read of its own. An error between reads (which cannot be told from one
   * at a read's start) costs the next badge, which is tapped again, never misread.
   */
  private discarding = false;

  constructor(private readonly layout: KeyboardLayout = bootKeyboard) {}

  push(report: Uint8Array): Decoded[] {
    const { layout } = this;
    // A composite device's other reports (its mouse, its media keys) are none of the reader's business.
    if (layout.usesReportIds && report.length > 0 && report[0] !== layout.reportId) return [];
    if (report.length !== layout.bytes) {
      return [
        this.fail(`keyboard report of ${report.length} bytes, ${layout.bytes} expected`, { kind: 'report_size', bytes: report.length, expected: layout.bytes }),
      ];
    }
    const down = keysDown(layout, layout.usesReportIds ? report.subarray(1) : report);
    if (typeof down === 'string') return [this.fail(down, { kind: 'rollover' })];
    const shifted = down.includes(LEFT_SHIFT) || down.includes(RIGHT_SHIFT);
    const pressed = new Set(down.filter((key) => key < FIRST_MODIFIER));
    const out: Decoded[] = [];
    for (const key of pressed) {
      if (this.held.has(key)) continue;
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
    if (!chars) return this.fail(`unknown key code ${hexByte(key)}`, { kind: 'unknown_key', byte: hexByte(key) });
    if (this.text.length === MAX_READ) return this.fail(`read longer than ${MAX_READ} characters`, { kind: 'too_long', maximum: MAX_READ });
    this.text += shifted ? chars[1] : chars[0];
    return undefined;
  }

  private fail(reason: string, problem: FrameProblem): Decoded {
    this.discarding = true;
    this.text = '';
    return refused(reason, problem);
  }
}

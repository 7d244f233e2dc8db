import { describe, expect, it } from 'vitest';
import type { BadRead, FrameProblem, ReaderReason } from '../../core/reader-reason';
import { Em4100Decoder } from '../../drivers/readers/em4100';
import { HidPosDecoder } from '../../drivers/readers/hid-pos';
import { LineDecoder } from '../../drivers/readers/line-decoder';
import { describeOpenError } from '../../drivers/readers/serial-reader';
import { decodeWiegand } from '../../drivers/readers/wiegand';
import { createI18n, LANGUAGES } from '../../renderer/i18n';
import { badReadText, lastBadReadText, readerText } from '../../renderer/reader-words';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('what a serial device that will not open is, in data', () => {
  it.each([
    ['ENOENT: No such file or directory, cannot open /dev/ttyUSB0', 'disconnected', { state: 'missing', device: '/dev/ttyUSB0' }],
    ['Error: Inappropriate ioctl for device', 'error', { state: 'not_serial', device: '/dev/ttyUSB0' }],
    ['Error: Permission denied, cannot open /dev/ttyUSB0', 'error', { state: 'no_permission', device: '/dev/ttyUSB0' }],
    ['Error Resource busy, cannot open /dev/ttyUSB0', 'error', { state: 'busy', device: '/dev/ttyUSB0' }],
    ['EIO: i/o error', 'error', { state: 'failed', device: '/dev/ttyUSB0', message: 'EIO: i/o error' }],
  ])('%s', (message, state, reason) => {
    const described = describeOpenError('/dev/ttyUSB0', new Error(message));
    expect(described.state).toBe(state);
    expect(described.reason).toEqual(reason);
  });
});

const problemOf = (decoded: { type: string; problem?: FrameProblem }[]) => decoded.filter((d) => d.type === 'error').map((d) => d.problem);

describe('why a frame was refused, in data', () => {
  it('an EM4100 frame with a wrong checksum names the frame and both check bytes', () => {
    expect(problemOf(new Em4100Decoder().push(Uint8Array.of(0x02, ...bytes('0F00A1B2C300'), 0x03)))).toEqual([
      { kind: 'checksum', text: '0F00A1B2C3', expected: '0xDF', got: '0x00' },
    ]);
  });

  it('an EM4100 frame cut short by a new start byte says how far it got', () => {
    expect(problemOf(new Em4100Decoder().push(Uint8Array.of(0x02, ...bytes('0F00A'), 0x02)))).toEqual([{ kind: 'cut_short', bytes: 5 }]);
  });

  it('a text line with a control byte names the byte', () => {
    expect(problemOf(new LineDecoder().push(Uint8Array.of(0x41, 0x1b, 0x42, 0x0a)))).toEqual([{ kind: 'control_byte', byte: '0x1B' }]);
  });

  it('a Wiegand frame of the wrong length, and one with a bad parity bit', () => {
    expect(decodeWiegand('0101')).toMatchObject({ problem: { kind: 'bit_count', bits: 4 } });
    expect(decodeWiegand('1' + '0'.repeat(25))).toMatchObject({ problem: { kind: 'parity', half: 'even' } });
  });

  it('a HID POS scan that is not UTF-8', () => {
    const report = new Uint8Array(64);
    // ID 2, three data bytes, no AIM prefix, then the data.
    report.set([0x02, 3, 0, 0, 0, 0x41, 0xff, 0x42]);
    expect(problemOf(new HidPosDecoder().push(report))).toEqual([{ kind: 'not_utf8' }]);
  });
});

const device = '/dev/ttyUSB0';
const everyReason: ReaderReason[] = [
  { state: 'not_started' },
  { state: 'stopped' },
  { state: 'listening', device: 'USB HID 0c2e:0b61' },
  { state: 'listening', device, baudRate: 9600 },
  ...(['not_plugged_in', 'missing', 'went_away', 'not_serial', 'no_permission', 'busy', 'not_keyboard', 'not_pos', 'descriptor_unreadable'] as const).map(
    (state): ReaderReason => ({ state, device }),
  ),
  { state: 'failed', device, message: 'EIO' },
];
const everyProblem: FrameProblem[] = [
  { kind: 'cut_short', bytes: 5 },
  { kind: 'noise', bytes: 64 },
  { kind: 'byte_in_frame', byte: '0x47' },
  { kind: 'byte_at_end', byte: '0x30' },
  { kind: 'checksum', text: '0F00A1B2C3', expected: '0xDF', got: '0x00' },
  { kind: 'not_binary', text: '2', position: 3 },
  { kind: 'bit_count', bits: 12 },
  { kind: 'parity', half: 'even' },
  { kind: 'parity', half: 'odd' },
  { kind: 'non_ascii', byte: '0xC3' },
  { kind: 'control_byte', byte: '0x1B' },
  { kind: 'unknown_key', byte: '0x3A' },
  { kind: 'too_long', maximum: 128 },
  { kind: 'rollover' },
  { kind: 'report_size', bytes: 7, expected: 8 },
  { kind: 'claims_bytes', bytes: 57, fits: 56 },
  { kind: 'aim' },
  { kind: 'not_utf8' },
];
const everyBadRead: BadRead[] = [
  ...everyProblem.map((problem): BadRead => ({ what: 'frame', problem })),
  { what: 'credential', text: '12X4', fault: { kind: 'not_hex' } },
  { what: 'credential', text: '010101', fault: { kind: 'not_wiegand', bits: 26 } },
];

describe.each(LANGUAGES)('a reader in %s', (language) => {
  const t = createI18n(language).t;
  const english = createI18n('en').t;

  it.each(everyReason.map((reason) => [JSON.stringify(reason), reason] as const))('words %s with its blanks filled', (_, reason) => {
    const text = readerText(t, reason);
    expect(text).not.toMatch(/readerState|\{\{|undefined/);
    if ('device' in reason) expect(text).toContain(reason.device);
    if (language !== 'en') expect(text).not.toBe(readerText(english, reason));
  });

  it.each(everyBadRead.map((bad) => [JSON.stringify(bad), bad] as const))('words the bad read %s', (_, bad) => {
    const text = lastBadReadText(t, bad);
    expect(text).not.toMatch(/readerState|badRead|problem\.|\{\{|undefined/);
    if (language !== 'en') expect(badReadText(t, bad)).not.toBe(badReadText(english, bad));
  });

  it('shows the device’s name and the system’s message as they are', () => {
    expect(readerText(t, { state: 'failed', device, message: 'EIO: i/o error' })).toContain('EIO: i/o error');
  });
});

describe('the German words', () => {
  const t = createI18n('de').t;

  it('say plainly where a reader is and what it last refused', () => {
    expect(readerText(t, { state: 'listening', device, baudRate: 9600 })).toBe('Lauscht an /dev/ttyUSB0 mit 9600 Baud.');
    expect(readerText(t, { state: 'went_away', device })).toBe('/dev/ttyUSB0 wurde ausgesteckt: Warten, bis er wieder da ist.');
    expect(lastBadReadText(t, { what: 'credential', text: '12X4', fault: { kind: 'not_hex' } })).toBe(
      'Letzte Fehllesung: „12X4“, das ist keine hexadezimale Kartennummer.',
    );
  });
});

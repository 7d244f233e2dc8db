import { describe, expect, it } from 'vitest';
import { decodeWiegand, encodeWiegand26, encodeWiegand34, WiegandDecoder } from '../../drivers/readers/wiegand';

const bytes = (text: string) => new TextEncoder().encode(text);

// Facility 18 (00010010), card 1234 (0000010011010010), parity worked out by hand:
// Bits 1–12 = 00010010 0000 hold 2 ones, so the even parity bit is 0.
// Bits 13–24 = 010011010010 hold 5 ones, so the odd parity bit is 0.
const FACILITY_18_CARD_1234 = '0' + '00010010' + '0000010011010010' + '0';

function flip(bits: string, index: number): string {
  return bits.slice(0, index) + (bits[index] === '1' ? '0' : '1') + bits.slice(index + 1);
}

describe('Wiegand', () => {
  it('decodes 26-bit H10301 facility 18 card 1234 as 1204D2', () => {
    expect(decodeWiegand(FACILITY_18_CARD_1234)).toEqual({ type: 'read', text: '1204D2', form: 'wiegand26' });
  });

  it('encodes facility 18 card 1234 to the same bits', () => {
    expect(encodeWiegand26(18, 1234)).toBe(FACILITY_18_CARD_1234);
  });

  it('zero-pads the canonical form', () => {
    expect(decodeWiegand(encodeWiegand26(0, 1))).toEqual({ type: 'read', text: '000001', form: 'wiegand26' });
    expect(decodeWiegand(encodeWiegand34(1))).toEqual({ type: 'read', text: '00000001', form: 'wiegand34' });
  });

  it('decodes 34-bit frames as 8 hex digits', () => {
    // 0x0F00A1B2: bits 1–16 = 0x0F00 (4 ones → even parity 0), bits 17–32 = 0xA1B2 (7 ones → odd parity 0)
    const bits = '0' + (0x0f00).toString(2).padStart(16, '0') + (0xa1b2).toString(2).padStart(16, '0') + '0';
    expect(encodeWiegand34(0x0f00a1b2)).toBe(bits);
    expect(decodeWiegand(bits)).toEqual({ type: 'read', text: '0F00A1B2', form: 'wiegand34' });
    expect(decodeWiegand(encodeWiegand34(0xffffffff))).toEqual({ type: 'read', text: 'FFFFFFFF', form: 'wiegand34' });
  });

  it('trims whitespace around the bits', () => {
    expect(decodeWiegand(`  ${FACILITY_18_CARD_1234}\r\n`)).toEqual({ type: 'read', text: '1204D2', form: 'wiegand26' });
  });

  it.each([
    [0, 'bad even parity'],
    [5, 'bad even parity'],
    [12, 'bad even parity'],
    [13, 'bad odd parity'],
    [20, 'bad odd parity'],
    [25, 'bad odd parity'],
  ])('a flipped bit %i in a 26-bit frame is a %s', (index, reason) => {
    expect(decodeWiegand(flip(FACILITY_18_CARD_1234, index))).toEqual(expect.objectContaining({ type: 'error', reason }));
  });

  it.each([
    [0, 'bad even parity'],
    [16, 'bad even parity'],
    [17, 'bad odd parity'],
    [33, 'bad odd parity'],
  ])('a flipped bit %i in a 34-bit frame is a %s', (index, reason) => {
    expect(decodeWiegand(flip(encodeWiegand34(0x0f00a1b2), index))).toEqual(expect.objectContaining({ type: 'error', reason }));
  });

  it.each([
    ['', '26 or 34 bits expected, got 0'],
    ['1'.repeat(25), '26 or 34 bits expected, got 25'],
    ['0'.repeat(32), '26 or 34 bits expected, got 32'],
    ['01201', 'non-binary character "2" at position 2'],
    ['0101 0101', 'non-binary character " " at position 4'],
  ])('refuses %j', (bits, reason) => {
    expect(decodeWiegand(bits)).toEqual(expect.objectContaining({ type: 'error', reason }));
  });

  it('refuses out-of-range values when encoding', () => {
    expect(() => encodeWiegand26(256, 0)).toThrow(RangeError);
    expect(() => encodeWiegand26(0, 65536)).toThrow(RangeError);
    expect(() => encodeWiegand34(2 ** 32)).toThrow(RangeError);
    expect(() => encodeWiegand34(1.5)).toThrow(RangeError);
  });

  it('reads lines from a USB Wiegand converter, errors passed through', () => {
    const decoder = new WiegandDecoder();
    const stream = `${FACILITY_18_CARD_1234}\r\n${flip(FACILITY_18_CARD_1234, 3)}\r\n${encodeWiegand34(0x0f00a1b2)}\n`;
    const out = [...bytes(stream)].flatMap((b) => decoder.push(Uint8Array.of(b)));
    expect(out).toEqual([
      { type: 'read', text: '1204D2', form: 'wiegand26' },
      expect.objectContaining({ type: 'error', reason: 'bad even parity' }),
      { type: 'read', text: '0F00A1B2', form: 'wiegand34' },
    ]);
  });

  it('reset() drops a partial line', () => {
    const decoder = new WiegandDecoder();
    decoder.push(bytes('0101'));
    decoder.reset();
    expect(decoder.push(bytes(`${FACILITY_18_CARD_1234}\n`))).toEqual([{ type: 'read', text: '1204D2', form: 'wiegand26' }]);
  });
});

import { refused, type Decoded, type StreamDecoder } from './decoder.js';
import type { LineDecoderOptions } from './line-decoder.js';
import { LineDecoder } from './line-decoder.js';

/**
 * Wiegand frames as USB Wiegand converters print them: one line of '0'/'1' per card.
 *   26-bit H10301: P | 8 facility | 16 card | P   (leading even parity over bits 1–12,
 *                  trailing odd parity over bits 13–24)
 *   34-bit:        P | 16 facility | 16 card | P  (even over bits 1–16, odd over bits 17–32)
 * Canonical form: the data bits between the parity bits as upper-case hex, zero-padded to
 * 6 digits (26-bit: facility byte then card, facility 18 card 1234 → "1204D2") or 8 digits (34-bit).
 */
const ones = (bits: string) => [...bits].filter((b) => b === '1').length;

export function decodeWiegand(bits: string): Decoded {
  const text = bits.trim();
  const bad = /[^01]/.exec(text);
  if (bad) return refused(`non-binary character ${JSON.stringify(bad[0])} at position ${bad.index}`, { kind: 'not_binary', text: bad[0], position: bad.index });
  if (text.length !== 26 && text.length !== 34) return refused(`26 or 34 bits expected, got ${text.length}`, { kind: 'bit_count', bits: text.length });
  const half = (text.length - 2) / 2;
  const data = text.slice(1, -1);
  if (ones(text.slice(0, 1 + half)) % 2 !== 0) return refused('bad even parity', { kind: 'parity', half: 'even' });
  if (ones(text.slice(1 + half)) % 2 !== 1) return refused('bad odd parity', { kind: 'parity', half: 'odd' });
  // The data bits are the card UID's low 24 or 32 bits: matched as such, never as a whole UID.
  return {
    type: 'read',
    text: Number.parseInt(data, 2)
      .toString(16)
      .toUpperCase()
      .padStart(data.length / 4, '0'),
    form: text.length === 26 ? 'wiegand26' : 'wiegand34',
  };
}

function withParity(data: string): string {
  const half = data.length / 2;
  const even = ones(data.slice(0, half)) % 2 === 0 ? '0' : '1';
  const odd = ones(data.slice(half)) % 2 === 0 ? '1' : '0';
  return even + data + odd;
}

function checkRange(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${name} must be an integer from 0 to ${max}, got ${value}`);
}

/** What a 26-bit reader sends for this facility code and card number. */
export function encodeWiegand26(facility: number, card: number): string {
  checkRange('facility', facility, 0xff);
  checkRange('card', card, 0xffff);
  return withParity(facility.toString(2).padStart(8, '0') + card.toString(2).padStart(16, '0'));
}

/** What a 34-bit reader sends for these 32 data bits. */
export function encodeWiegand34(data32: number): string {
  checkRange('data32', data32, 0xffff_ffff);
  return withParity(data32.toString(2).padStart(32, '0'));
}

export class WiegandDecoder implements StreamDecoder {
  private readonly lines: LineDecoder;

  constructor(options: LineDecoderOptions = {}) {
    this.lines = new LineDecoder(options);
  }

  push(chunk: Uint8Array): Decoded[] {
    return this.lines.push(chunk).map((d) => (d.type === 'read' ? decodeWiegand(d.text) : d));
  }

  reset(): void {
    this.lines.reset();
  }
}

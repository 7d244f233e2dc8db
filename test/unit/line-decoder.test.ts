import { describe, expect, it } from 'vitest';
import type { Decoded } from '../../drivers/readers/decoder';
import { LineDecoder } from '../../drivers/readers/line-decoder';

const bytes = (text: string) => new TextEncoder().encode(text);
const bytewise = (decoder: LineDecoder, text: string) => [...bytes(text)].flatMap((b) => decoder.push(Uint8Array.of(b)));
const read = (text: string): Decoded => ({ type: 'read', text });
// The English line only: the problem in data is checked in reader-reason.test.ts.
const error = (reason: string): Decoded => expect.objectContaining({ type: 'error', reason }) as Decoded;

describe('line decoder', () => {
  it.each([
    ['CR', '0F00A1B2C3\r'],
    ['LF', '0F00A1B2C3\n'],
    ['CRLF', '0F00A1B2C3\r\n'],
  ])('ends a read at %s, once', (_, text) => {
    expect(new LineDecoder().push(bytes(text))).toEqual([read('0F00A1B2C3')]);
  });

  it('reads lines split byte by byte, CRLF counted once', () => {
    expect(bytewise(new LineDecoder(), 'ON-0001\r\nON-0002\r\n')).toEqual([read('ON-0001'), read('ON-0002')]);
  });

  it('reads several lines in one chunk and keeps an unfinished one for later', () => {
    const decoder = new LineDecoder();
    expect(decoder.push(bytes('A1\nB2\rC3\r\nD4'))).toEqual([read('A1'), read('B2'), read('C3')]);
    expect(decoder.push(bytes('\n'))).toEqual([read('D4')]);
  });

  it('ignores empty lines', () => {
    expect(new LineDecoder().push(bytes('\r\n\n\r\r\nX\n\n'))).toEqual([read('X')]);
  });

  it('keeps the line as sent, spaces and tabs included', () => {
    expect(new LineDecoder().push(bytes(' 0F 00\tA1 \r\n'))).toEqual([read(' 0F 00\tA1 ')]);
  });

  it('ends a read at a configured suffix, even one split across chunks', () => {
    const decoder = new LineDecoder({ suffix: '#!' });
    expect(decoder.push(bytes('ON-0001#'))).toEqual([]);
    expect(decoder.push(bytes('!ON-0002#!'))).toEqual([read('ON-0001'), read('ON-0002')]);
    expect(decoder.push(bytes('a#b#!'))).toEqual([read('a#b')]);
  });

  it('still ends reads at CR and LF when a suffix is configured', () => {
    expect(new LineDecoder({ suffix: '\t' }).push(bytes('A\tB\r\nC\t'))).toEqual([read('A'), read('B'), read('C')]);
  });

  it('reads a line of exactly maxLength characters', () => {
    expect(new LineDecoder({ maxLength: 8 }).push(bytes('12345678\n'))).toEqual([read('12345678')]);
    expect(new LineDecoder({ maxLength: 8, suffix: '##' }).push(bytes('12345678##'))).toEqual([read('12345678')]);
  });

  it('reports an overlong line once and discards it up to the next terminator', () => {
    const decoder = new LineDecoder({ maxLength: 8 });
    const out = bytewise(decoder, `${'9'.repeat(500)}\r\nOK\n`);
    expect(out).toEqual([error('line longer than 8 characters'), read('OK')]);
  });

  it('defaults to 256 characters: a visa pass from a 2D scanner, with its AIM prefix, fits', () => {
    expect(new LineDecoder().push(bytes(`${'x'.repeat(256)}\n${'y'.repeat(257)}\n`))).toEqual([
      read('x'.repeat(256)),
      error('line longer than 256 characters'),
    ]);
  });

  it('finds a multi-byte suffix while discarding an overlong line', () => {
    const decoder = new LineDecoder({ maxLength: 4, suffix: '#!' });
    expect(decoder.push(bytes('123456789#!ok#!'))).toEqual([error('line longer than 4 characters'), read('ok')]);
    expect(new LineDecoder({ maxLength: 4, suffix: '#!' }).push(bytes('12345#!'))).toEqual([error('line longer than 4 characters')]);
  });

  it('drops a line holding a non-ASCII byte, with the byte in the reason', () => {
    const decoder = new LineDecoder();
    const out = decoder.push(Uint8Array.of(0x41, 0xc3, 0xa9, 0x0d, 0x42, 0x0d));
    expect(out).toEqual([error('non-ASCII byte 0xC3'), read('B')]);
  });

  it('drops a line holding a control byte other than TAB', () => {
    expect(new LineDecoder().push(Uint8Array.of(0x41, 0x1b, 0x42, 0x0a))).toEqual([error('control byte 0x1B')]);
    expect(new LineDecoder().push(Uint8Array.of(0x41, 0x00, 0x0a))).toEqual([error('control byte 0x00')]);
  });

  it('reset() drops a partial line', () => {
    const decoder = new LineDecoder();
    decoder.push(bytes('0F00A'));
    decoder.reset();
    expect(decoder.push(bytes('1B2C3\n'))).toEqual([read('1B2C3')]);
  });

  it('reset() ends discarding an overlong line', () => {
    const decoder = new LineDecoder({ maxLength: 2 });
    decoder.push(bytes('12345'));
    decoder.reset();
    expect(decoder.push(bytes('ab\n'))).toEqual([read('ab')]);
  });

  it('refuses a maxLength that is not a positive integer', () => {
    expect(() => new LineDecoder({ maxLength: 0 })).toThrow(RangeError);
    expect(() => new LineDecoder({ maxLength: Number.NaN })).toThrow(RangeError);
  });
});

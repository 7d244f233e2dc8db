import { describe, expect, it } from 'vitest';
import type { Decoded } from '../../drivers/readers/decoder';
import { Em4100Decoder } from '../../drivers/readers/em4100';
import { em4100Frame } from '../fixtures/frames';

const bytes = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

const reads = (out: Decoded[]) => out.filter((d) => d.type === 'read').map((d) => d.text);
const errors = (out: Decoded[]) => out.filter((d) => d.type === 'error').map((d) => d.reason);

function feedBytewise(decoder: Em4100Decoder, stream: Uint8Array): Decoded[] {
  return [...stream].flatMap((b) => decoder.push(Uint8Array.of(b)));
}

describe('EM4100 decoder', () => {
  it('the test helper computes the checksum by hand', () => {
    // 0F ^ 00 ^ A1 ^ B2 ^ C3 = 0xDF
    expect(em4100Frame('0F00A1B2C3')).toEqual(concat(Uint8Array.of(0x02), bytes('0F00A1B2C3DF'), Uint8Array.of(0x0d, 0x0a, 0x03)));
    expect(em4100Frame('0F00A1B2C3', { style: 'rdm6300' })).toEqual(concat(Uint8Array.of(0x02), bytes('0F00A1B2C3DF'), Uint8Array.of(0x03)));
    expect(em4100Frame('0F00A1B2C3', { style: 'rdm6300', lowerCase: true })).toEqual(concat(Uint8Array.of(0x02), bytes('0f00a1b2c3df'), Uint8Array.of(0x03)));
    expect(em4100Frame('0F00A1B2C3', { checksum: 0x00 })).toEqual(concat(Uint8Array.of(0x02), bytes('0F00A1B2C300'), Uint8Array.of(0x0d, 0x0a, 0x03)));
  });

  it.each([
    ['ID-12LA (CR LF ETX)', 'id12'],
    ['RDM6300 (ETX only)', 'rdm6300'],
  ] as const)('reads a %s frame', (_, style) => {
    expect(new Em4100Decoder().push(em4100Frame('0F00A1B2C3', { style }))).toEqual([{ type: 'read', text: '0F00A1B2C3' }]);
  });

  it('reads a frame split byte by byte', () => {
    const decoder = new Em4100Decoder();
    expect(feedBytewise(decoder, em4100Frame('0F00A1B2C3'))).toEqual([{ type: 'read', text: '0F00A1B2C3' }]);
  });

  it('reads several frames in one chunk, as an RDM6300 repeats them while a card rests on it', () => {
    const decoder = new Em4100Decoder();
    const out = decoder.push(
      concat(em4100Frame('0F00A1B2C3', { style: 'rdm6300' }), em4100Frame('0F00A1B2C3', { style: 'rdm6300' }), em4100Frame('1000A1B200')),
    );
    expect(out).toEqual([
      { type: 'read', text: '0F00A1B2C3' },
      { type: 'read', text: '0F00A1B2C3' },
      { type: 'read', text: '1000A1B200' },
    ]);
  });

  it('accepts lower-case hex and reports upper case', () => {
    const frame = em4100Frame('0F00A1B2C3', { style: 'rdm6300', lowerCase: true });
    expect(reads(new Em4100Decoder().push(frame))).toEqual(['0F00A1B2C3']);
  });

  it('skips noise before and between frames', () => {
    const decoder = new Em4100Decoder();
    const out = decoder.push(
      concat(bytes('\r\n?ZZ\u0003'), em4100Frame('0F00A1B2C3'), Uint8Array.of(0xff, 0x00, 0x41), em4100Frame('DEADBEEF01', { style: 'rdm6300' })),
    );
    expect(out).toEqual([
      { type: 'read', text: '0F00A1B2C3' },
      { type: 'read', text: 'DEADBEEF01' },
    ]);
  });

  it('reports a long run of noise once, as a wrong baud rate would produce', () => {
    const decoder = new Em4100Decoder();
    const out = decoder.push(new Uint8Array(1000).fill(0xfe));
    expect(errors(out)).toHaveLength(1);
    expect(errors(out)[0]).toMatch(/outside any frame/);
    expect(reads(decoder.push(em4100Frame('0F00A1B2C3')))).toEqual(['0F00A1B2C3']);
  });

  it('counts a bad checksum as an error with expected and received values, never a read', () => {
    const decoder = new Em4100Decoder();
    const out = decoder.push(em4100Frame('0F00A1B2C3', { checksum: 0x00 }));
    expect(out).toEqual([expect.objectContaining({ type: 'error', reason: 'bad checksum for 0F00A1B2C3: expected 0xDF, got 0x00' })]);
  });

  it('one flipped data bit fails the checksum', () => {
    const good = em4100Frame('0F00A1B2C3');
    const bad = good.slice();
    bad[3] = 0x31; // "0F00…" becomes "0F10…" while the frame keeps the old checksum
    expect(reads(new Em4100Decoder().push(bad))).toEqual([]);
    expect(errors(new Em4100Decoder().push(bad))[0]).toMatch(/^bad checksum/);
  });

  it('resynchronises on a start byte mid-frame, reporting the abandoned frame', () => {
    const decoder = new Em4100Decoder();
    const partial = concat(Uint8Array.of(0x02), bytes('0F00A'));
    const out = feedBytewise(decoder, concat(partial, em4100Frame('0F00A1B2C3')));
    expect(out).toEqual([
      expect.objectContaining({ type: 'error', reason: 'frame cut short after 5 bytes by a new start byte' }),
      { type: 'read', text: '0F00A1B2C3' },
    ]);
  });

  it('refuses a non-hex character inside a frame and resynchronises', () => {
    const decoder = new Em4100Decoder();
    const broken = concat(Uint8Array.of(0x02), bytes('0F00G1B2C3DF'), Uint8Array.of(0x03));
    const out = decoder.push(concat(broken, em4100Frame('0F00A1B2C3', { style: 'rdm6300' })));
    expect(out).toEqual([expect.objectContaining({ type: 'error', reason: 'non-hex byte 0x47 in frame' }), { type: 'read', text: '0F00A1B2C3' }]);
  });

  it('refuses a frame with too many hex digits', () => {
    const long = concat(Uint8Array.of(0x02), bytes('0F00A1B2C3DF0'), Uint8Array.of(0x03));
    expect(new Em4100Decoder().push(long)).toEqual([expect.objectContaining({ type: 'error', reason: 'unexpected byte 0x30 where the frame should end' })]);
  });

  it('refuses a frame with CR but no LF', () => {
    const frame = concat(Uint8Array.of(0x02), bytes('0F00A1B2C3DF'), Uint8Array.of(0x0d, 0x03));
    expect(errors(new Em4100Decoder().push(frame))).toEqual(['unexpected byte 0x03 where the frame should end']);
  });

  it('reset() drops a partial frame', () => {
    const decoder = new Em4100Decoder();
    const frame = em4100Frame('0F00A1B2C3');
    decoder.push(frame.subarray(0, 8));
    decoder.reset();
    expect(decoder.push(frame.subarray(8))).toEqual([]);
    expect(decoder.push(frame)).toEqual([{ type: 'read', text: '0F00A1B2C3' }]);
  });
});

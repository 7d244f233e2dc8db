import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Decoded, StreamDecoder } from '../../drivers/readers/decoder';
import { Em4100Decoder } from '../../drivers/readers/em4100';
import { KeyboardReportDecoder } from '../../drivers/readers/hid-keyboard';
import { HidPosDecoder } from '../../drivers/readers/hid-pos';
import { LineDecoder } from '../../drivers/readers/line-decoder';
import { decodeWiegand, encodeWiegand26, encodeWiegand34, WiegandDecoder } from '../../drivers/readers/wiegand';
import { em4100Frame } from '../fixtures/frames';

const concat = (parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const reads = (out: Decoded[]) => out.filter((d) => d.type === 'read').map((d) => d.text);

/** Cut points for a stream: any number of them, anywhere, so chunks of every size occur. */
const cuts = fc.array(fc.nat(), { maxLength: 30 });

function chunked(stream: Uint8Array, at: number[]): Uint8Array[] {
  const points = [...new Set(at.map((n) => (stream.length === 0 ? 0 : n % (stream.length + 1))))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, stream.length]) {
    chunks.push(stream.subarray(start, point));
    start = point;
  }
  return chunks;
}

function feed(decoder: StreamDecoder, stream: Uint8Array, at: number[]): Decoded[] {
  return chunked(stream, at).flatMap((chunk) => decoder.push(chunk));
}

const isDecoded = (d: Decoded) =>
  (d.type === 'read' && typeof d.text === 'string') || (d.type === 'error' && typeof d.reason === 'string' && d.reason.length > 0);

describe('every decoder, arbitrary input', () => {
  const streamDecoders: [string, () => StreamDecoder][] = [
    ['EM4100', () => new Em4100Decoder()],
    ['line', () => new LineDecoder()],
    ['line with a suffix', () => new LineDecoder({ suffix: '\u0003#', maxLength: 16 })],
    ['Wiegand', () => new WiegandDecoder()],
  ];

  it.each(streamDecoders)('%s never throws, whatever the bytes and chunking', (_, make) => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), cuts, (stream, at) => {
        expect(feed(make(), stream, at).every(isDecoded)).toBe(true);
      }),
    );
  });

  it('EM4100 never throws on streams rich in frame bytes', () => {
    const frameish = fc.uint8Array({ maxLength: 400 }).map((a) => a.map((b) => [0x02, 0x03, 0x0d, 0x0a, 0x30, 0x41, 0x66, b][b % 8] ?? b));
    fc.assert(
      fc.property(frameish, cuts, (stream, at) => {
        expect(feed(new Em4100Decoder(), stream, at).every(isDecoded)).toBe(true);
      }),
    );
  });

  it('HID keyboard never throws on arbitrary reports', () => {
    const known = fc.uint8Array({ minLength: 8, maxLength: 8 }).map((r) => r.map((b, i) => (i < 2 ? b : b % 0x64)));
    const keyboardish = fc.oneof(known, fc.constant(new Uint8Array(8)), fc.uint8Array({ maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(keyboardish, { maxLength: 200 }), (reports) => {
        const decoder = new KeyboardReportDecoder();
        expect(reports.flatMap((r) => decoder.push(r)).every(isDecoded)).toBe(true);
      }),
    );
  });

  it('HID POS never throws on arbitrary reports', () => {
    // Mostly well-formed headers, so the length, AIM and flag paths are all reached.
    const plausible = fc
      .record({ body: fc.uint8Array({ minLength: 64, maxLength: 64 }), length: fc.integer({ min: 0, max: 60 }), more: fc.boolean() })
      .map(({ body, length, more }) => {
        body[0] = 0x02;
        body[1] = length;
        body[63] = more ? 1 : 0;
        return body;
      });
    const posish = fc.oneof(plausible, fc.uint8Array({ maxLength: 70 }));
    fc.assert(
      fc.property(fc.array(posish, { maxLength: 100 }), (reports) => {
        const decoder = new HidPosDecoder();
        expect(reports.flatMap((r) => decoder.push(r)).every(isDecoded)).toBe(true);
      }),
    );
  });

  it('decodeWiegand never throws', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(isDecoded(decodeWiegand(s))).toBe(true);
      }),
    );
  });
});

describe('EM4100: valid frames in noise', () => {
  const frame = fc.record({
    data: fc.uint8Array({ minLength: 5, maxLength: 5 }),
    rdm6300: fc.boolean(),
    lowerCase: fc.boolean(),
  });
  // Noise rich in bytes that mean something inside a frame, but never a start byte.
  const noiseByte = fc.oneof(
    fc.constantFrom(0x03, 0x0d, 0x0a, 0x30, 0x46, 0x66),
    fc.integer({ min: 0, max: 255 }).filter((b) => b !== 0x02),
  );
  const noise = fc.array(noiseByte, { maxLength: 40 }).map((a) => Uint8Array.from(a));

  function encode({ data, rdm6300, lowerCase }: { data: Uint8Array; rdm6300: boolean; lowerCase: boolean }): { bytes: Uint8Array; uid: string } {
    const uid = [...data].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');
    return { bytes: em4100Frame(uid, { style: rdm6300 ? 'rdm6300' : 'id12', lowerCase }), uid };
  }

  it('finds every frame exactly once with its UID, however the stream is split', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(noise, frame), { maxLength: 8 }), noise, cuts, (pairs, tail, at) => {
        const frames = pairs.map(([, f]) => encode(f));
        const stream = concat([...pairs.flatMap(([n], i) => [n, frames[i]!.bytes]), tail]);
        expect(reads(feed(new Em4100Decoder(), stream, at))).toEqual(frames.map((f) => f.uid));
      }),
    );
  });
});

describe('LineDecoder: lines in any chunking', () => {
  const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 40 });
  const terminator = fc.constantFrom('\r', '\n', '\r\n', ';');
  const badLine = fc
    .tuple(
      printable.filter((s) => !s.includes(';')),
      fc.integer({ min: 0x80, max: 0xff }),
    )
    .map(([s, b]) => Uint8Array.from([...new TextEncoder().encode(s), b]));

  it('reads every line exactly once, skipping refused lines between them', () => {
    const entry = fc.oneof(
      fc.record({ ok: fc.constant(true as const), text: printable.filter((s) => !s.includes(';')), end: terminator }),
      fc.record({ ok: fc.constant(false as const), bytes: badLine, end: terminator }),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), cuts, (entries, at) => {
        const stream = concat(entries.map((e) => concat([e.ok ? new TextEncoder().encode(e.text) : e.bytes, new TextEncoder().encode(e.end)])));
        const out = feed(new LineDecoder({ suffix: ';' }), stream, at);
        expect(reads(out)).toEqual(entries.flatMap((e) => (e.ok ? [e.text] : [])));
        expect(out.filter((d) => d.type === 'error')).toHaveLength(entries.filter((e) => !e.ok).length);
      }),
    );
  });
});

describe('Wiegand round trips', () => {
  it('every 26-bit facility and card decodes to facility byte then card', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 65535 }), (facility, card) => {
        const hex = facility.toString(16).padStart(2, '0') + card.toString(16).padStart(4, '0');
        expect(decodeWiegand(encodeWiegand26(facility, card))).toEqual({ type: 'read', text: hex.toUpperCase(), form: 'wiegand26' });
      }),
    );
  });

  it('every card number round-trips, for the lowest, a middle and the highest facility', () => {
    for (const facility of [0, 18, 255]) {
      for (let card = 0; card <= 0xffff; card++) {
        const decoded = decodeWiegand(encodeWiegand26(facility, card));
        if (decoded.type !== 'read' || Number.parseInt(decoded.text, 16) !== facility * 0x10000 + card) {
          expect.fail(`facility ${facility} card ${card} decoded as ${JSON.stringify(decoded)}`);
        }
      }
    }
  });

  it('every 34-bit value decodes to its 8 hex digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (data) => {
        expect(decodeWiegand(encodeWiegand34(data))).toEqual({ type: 'read', text: data.toString(16).toUpperCase().padStart(8, '0'), form: 'wiegand34' });
      }),
    );
  });

  it('any single flipped bit is refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.nat(33), (data, index) => {
        const bits = encodeWiegand34(data);
        const flipped = bits.slice(0, index) + (bits[index] === '1' ? '0' : '1') + bits.slice(index + 1);
        expect(decodeWiegand(flipped).type).toBe('error');
      }),
    );
  });
});

describe('HID POS: payloads over several reports', () => {
  function toReports(payload: Uint8Array, sizes: number[], aim: string): Uint8Array[] {
    const reports: Uint8Array[] = [];
    let offset = 0;
    let i = 0;
    do {
      const size = Math.min(payload.length - offset, 1 + ((sizes[i++ % Math.max(1, sizes.length)] ?? 55) % 56));
      const report = new Uint8Array(64);
      report[0] = 0x02;
      report[1] = size;
      report.set(new TextEncoder().encode(aim), 2);
      report.set(payload.subarray(offset, offset + size), 5);
      offset += size;
      report[63] = offset < payload.length ? 0x01 : 0x00;
      reports.push(report);
    } while (offset < payload.length);
    return reports;
  }

  it('round-trips any UTF-8 text, split anywhere', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 600 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.constantFrom('', ']Q1', ']C0'),
        (text, sizes, aim) => {
          const payload = new TextEncoder().encode(text);
          fc.pre(payload.length <= 4096);
          const decoder = new HidPosDecoder();
          expect(toReports(payload, sizes, aim).flatMap((r) => decoder.push(r))).toEqual([{ type: 'read', text: aim + text }]);
        },
      ),
    );
  });
});

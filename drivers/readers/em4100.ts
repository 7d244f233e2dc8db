import { decodeBytes, hexByte, refused, type Decoded, type StreamDecoder } from './decoder.js';
import type { FrameProblem } from '../../core/reader-reason.js';

/**
 * 125 kHz EM4100 serial readers. Both common framings are accepted:
 *   ID-12LA / ID-20LA: STX, 10 hex data, 2 hex checksum, CR, LF, ETX
 *   RDM6300:           STX, 10 hex data, 2 hex checksum, ETX
 * The checksum is the XOR of the five data bytes. Hex may be either case. The XOR misses two
 * flips in the same bit of two bytes: a repeating reader's `confirmReads` (confirm-filter.ts) catches those.
 */
const STX = 0x02;
const ETX = 0x03;
const CR = 0x0d;
const LF = 0x0a;
const HEX_CHARS = 12;
/** One error per run of this many stray bytes: a wrong baud rate looks exactly like this. */
const NOISE_LIMIT = 256;

function isHex(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

type State = { at: 'idle'; noise: number } | { at: 'hex'; chars: number[] } | { at: 'trailer'; chars: number[]; sawCr: boolean; sawLf: boolean };

export class Em4100Decoder implements StreamDecoder {
  private state: State = { at: 'idle', noise: 0 };

  push(chunk: Uint8Array): Decoded[] {
    return decodeBytes(chunk, (byte) => this.step(byte));
  }

  reset(): void {
    this.state = { at: 'idle', noise: 0 };
  }

  private step(byte: number): Decoded | undefined {
    const state = this.state;
    if (byte === STX) {
      this.state = { at: 'hex', chars: [] };
      if (state.at === 'idle') return undefined;
      const received = state.chars.length + (state.at === 'trailer' ? Number(state.sawCr) + Number(state.sawLf) : 0);
      return refused(`frame cut short after ${received} bytes by a new start byte`, { kind: 'cut_short', bytes: received });
    }
    if (state.at === 'idle') {
      state.noise += 1;
      return state.noise === NOISE_LIMIT
        ? refused(`${NOISE_LIMIT} bytes outside any frame (line noise or wrong baud rate)`, { kind: 'noise', bytes: NOISE_LIMIT })
        : undefined;
    }
    if (state.at === 'hex') {
      if (!isHex(byte)) return this.abandon(`non-hex byte ${hexByte(byte)} in frame`, { kind: 'byte_in_frame', byte: hexByte(byte) });
      state.chars.push(byte);
      if (state.chars.length === HEX_CHARS) this.state = { at: 'trailer', chars: state.chars, sawCr: false, sawLf: false };
      return undefined;
    }
    // ID-12 style sends CR LF before ETX; RDM6300 sends ETX straight away.
    if (byte === CR && !state.sawCr) {
      state.sawCr = true;
      return undefined;
    }
    if (byte === LF && state.sawCr && !state.sawLf) {
      state.sawLf = true;
      return undefined;
    }
    if (byte === ETX && state.sawCr === state.sawLf) {
      this.reset();
      return checkFrame(String.fromCharCode(...state.chars).toUpperCase());
    }
    return this.abandon(`unexpected byte ${hexByte(byte)} where the frame should end`, { kind: 'byte_at_end', byte: hexByte(byte) });
  }

  private abandon(reason: string, problem: FrameProblem): Decoded {
    this.reset();
    return refused(reason, problem);
  }
}

function checkFrame(hex: string): Decoded {
  const data = hex.slice(0, 10);
  let expected = 0;
  for (let i = 0; i < 10; i += 2) expected ^= Number.parseInt(data.slice(i, i + 2), 16);
  const got = Number.parseInt(hex.slice(10), 16);
  if (expected !== got)
    return refused(`bad checksum for ${data}: expected ${hexByte(expected)}, got ${hexByte(got)}`, {
      kind: 'checksum',
      text: data,
      expected: hexByte(expected),
      got: hexByte(got),
    });
  return { type: 'read', text: data };
}

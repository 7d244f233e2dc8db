import { MAX_BARCODE_LENGTH } from '../../core/credentials.js';
import { decodeBytes, hexByte, refused, type Decoded, type StreamDecoder } from './decoder.js';

export interface LineDecoderOptions {
  /** Ends a read besides CR and LF, for readers configured with another suffix. */
  suffix?: string;
  maxLength?: number;
}

const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;

/**
 * Text readers and serial barcode scanners: one read per line. A CRLF yields one read because
 * empty lines are skipped. After an error the rest of the line is discarded, so the tail of a
 * damaged read never arrives as a read of its own.
 */
export class LineDecoder implements StreamDecoder {
  private readonly suffix: number[];
  private readonly maxLength: number;
  /** The line so far, including any part of the suffix already seen. */
  private buffer: number[] = [];
  private discarding = false;

  constructor(options: LineDecoderOptions = {}) {
    this.suffix = [...new TextEncoder().encode(options.suffix ?? '')];
    this.maxLength = options.maxLength ?? MAX_BARCODE_LENGTH;
    if (!Number.isInteger(this.maxLength) || this.maxLength < 1) throw new RangeError(`maxLength must be a positive integer, got ${this.maxLength}`);
  }

  push(chunk: Uint8Array): Decoded[] {
    return decodeBytes(chunk, (byte) => this.step(byte));
  }

  reset(): void {
    this.buffer = [];
    this.discarding = false;
  }

  private step(byte: number): Decoded | undefined {
    this.buffer.push(byte);
    const line = this.endsWithSuffix() ? this.buffer.slice(0, -this.suffix.length) : byte === CR || byte === LF ? this.buffer.slice(0, -1) : undefined;
    if (line !== undefined) {
      const wasDiscarding = this.discarding;
      this.reset();
      return wasDiscarding ? undefined : this.finish(line);
    }
    if (this.discarding) {
      // Keep only what could still be the start of the suffix.
      this.buffer = this.buffer.slice(this.buffer.length - Math.max(0, this.suffix.length - 1));
      return undefined;
    }
    // Past this length even the shortest possible ending leaves more than maxLength characters.
    if (this.buffer.length > this.maxLength + Math.max(0, this.suffix.length - 1)) {
      this.discarding = true;
      this.buffer = [];
      return this.tooLong();
    }
    return undefined;
  }

  private endsWithSuffix(): boolean {
    const { buffer, suffix } = this;
    if (suffix.length === 0 || buffer.length < suffix.length) return false;
    const start = buffer.length - suffix.length;
    return suffix.every((b, i) => buffer[start + i] === b);
  }

  private finish(line: number[]): Decoded | undefined {
    if (line.length === 0) return undefined;
    if (line.length > this.maxLength) return this.tooLong();
    for (const byte of line) {
      if (byte >= 0x80) return refused(`non-ASCII byte ${hexByte(byte)}`, { kind: 'non_ascii', byte: hexByte(byte) });
      if ((byte < 0x20 && byte !== TAB) || byte === 0x7f) return refused(`control byte ${hexByte(byte)}`, { kind: 'control_byte', byte: hexByte(byte) });
    }
    return { type: 'read', text: new TextDecoder().decode(Uint8Array.from(line)) };
  }

  private tooLong(): Decoded {
    return refused(`line longer than ${this.maxLength} characters`, { kind: 'too_long', maximum: this.maxLength });
  }
}

import type { RfidForm } from '../../core/credentials.js';
import type { FrameProblem } from '../../core/reader-reason.js';

/**
 * What every protocol decoder in drivers/readers/ produces: text the reader meant to send,
 * or a refusal with a reason. `form`: how the text is read when the frame itself says (a
 * Wiegand frame's length says how many bits of the UID it holds), over the reader's setting.
 * Decoders are pure: bytes in, results out, no timers, no I/O.
 */
export type Decoded = { type: 'read'; text: string; form?: RfidForm } | { type: 'error'; reason: string; problem: FrameProblem };

/** A refusal: the English line for the log and the command line, the problem in data for a screen. */
export const refused = (reason: string, problem: FrameProblem): Decoded => ({ type: 'error', reason, problem });

export interface StreamDecoder {
  /** Feeds the next chunk of bytes, in any size, and returns what completed. Never throws. */
  push(chunk: Uint8Array): Decoded[];
  /** Forgets a partial frame (the device went away mid-frame). */
  reset(): void;
}

/** Runs a byte-at-a-time state machine over a chunk, collecting what each byte completes. */
export function decodeBytes(chunk: Uint8Array, step: (byte: number) => Decoded | undefined): Decoded[] {
  const out: Decoded[] = [];
  for (const byte of chunk) {
    const result = step(byte);
    if (result) out.push(result);
  }
  return out;
}

/** A byte as a refusal names it: 0x0D. */
export const hexByte = (n: number) => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;

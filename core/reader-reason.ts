import type { CredentialFault } from './credentials.js';

/**
 * Why a reader refused a frame, in data. `byte` is a byte as the line carried it ("0x1B");
 * `text` what the reader sent, shown as it is.
 */
export type FrameProblem =
  // EM4100 frames.
  | { kind: 'cut_short'; bytes: number }
  | { kind: 'noise'; bytes: number }
  | { kind: 'byte_in_frame' | 'byte_at_end'; byte: string }
  | { kind: 'checksum'; text: string; expected: string; got: string }
  // Wiegand bit strings.
  | { kind: 'not_binary'; text: string; position: number }
  | { kind: 'bit_count'; bits: number }
  | { kind: 'parity'; half: 'even' | 'odd' }
  // Text lines and keyboard reports.
  | { kind: 'non_ascii' | 'control_byte' | 'unknown_key'; byte: string }
  | { kind: 'too_long'; maximum: number }
  | { kind: 'rollover' }
  // HID reports, keyboard or POS.
  | { kind: 'report_size'; bytes: number; expected: number }
  | { kind: 'claims_bytes'; bytes: number; fits: number }
  | { kind: 'aim' }
  | { kind: 'not_utf8' };

/** The last frame a reader refused: unreadable on the line, or read but no badge number. */
export type BadRead = { what: 'frame'; problem: FrameProblem } | { what: 'credential'; text: string; fault: CredentialFault };

/**
 * Where a badge reader stands, in data: a screen words it in its own language
 * (renderer/reader-words.ts); the English `detail` beside it stays for the command line and the
 * log. `device` is the device as the configuration names it (a path, "USB 0c27:3bfa"); `message`
 * the system's own words for a failure nothing here names.
 */
export type ReaderReason =
  | { state: 'not_started' | 'stopped' }
  | { state: 'listening'; device: string; baudRate?: number }
  | { state: 'not_plugged_in' | 'missing' | 'went_away' | 'not_serial' | 'no_permission' | 'busy'; device: string }
  | { state: 'failed'; device: string; message: string }
  | { state: 'not_keyboard' | 'not_pos' | 'descriptor_unreadable'; device: string };

export type ReaderReasonState = ReaderReason['state'];

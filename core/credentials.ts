import { z } from 'zod';
import type { CredentialKind } from './vocabulary.js';

/**
 * How a reader writes a UID. Many 125 kHz and 13.56 MHz readers print only the low
 * 32 bits as a 10-digit decimal, and some send the bytes in reverse order; the
 * reader's configuration says which, because "0012345678" is valid in every form.
 */
export const RfidForm = z.enum(['hex', 'hex-reversed', 'decimal', 'decimal-reversed']);
export type RfidForm = z.infer<typeof RfidForm>;

/**
 * A credential in canonical form. `match: 'low32'` means the reader only gave the low
 * 32 bits of the UID, so it matches any stored UID whose last four bytes are these.
 */
export interface CanonicalCredential {
  kind: CredentialKind;
  value: string;
  match: 'exact' | 'low32';
}

export type Normalised = { ok: true; credential: CanonicalCredential } | { ok: false; error: string };

const MAX_UID_HEX_DIGITS = 32;
const MAX_BARCODE_LENGTH = 256;

function reverseBytes(hex: string): string {
  return (hex.match(/../g) ?? []).reverse().join('');
}

/** The last four bytes of a canonical UID, the part decimal-printing readers report. */
export function low32(hex: string): string {
  return hex.slice(-8).padStart(8, '0');
}

export function normaliseRfid(raw: string, form: RfidForm = 'hex'): Normalised {
  const text = raw.trim();
  if (form === 'decimal' || form === 'decimal-reversed') {
    if (!/^\d{1,10}$/.test(text)) return { ok: false, error: `"${raw}" is not a decimal UID (up to 10 digits)` };
    const number = Number(text);
    if (number > 0xffff_ffff) return { ok: false, error: `"${raw}" is larger than a 32-bit UID` };
    const hex = number.toString(16).toUpperCase().padStart(8, '0');
    return { ok: true, credential: { kind: 'rfid', value: form === 'decimal' ? hex : reverseBytes(hex), match: 'low32' } };
  }
  const hex = text.replace(/^0x/i, '').replace(/[\s:.-]/g, '').toUpperCase();
  if (hex.length === 0 || !/^[0-9A-F]+$/.test(hex)) return { ok: false, error: `"${raw}" is not a hexadecimal UID` };
  if (hex.length % 2 !== 0) return { ok: false, error: `"${raw}" is not a whole number of bytes` };
  if (hex.length > MAX_UID_HEX_DIGITS) return { ok: false, error: `"${raw}" is longer than any RFID UID` };
  return { ok: true, credential: { kind: 'rfid', value: form === 'hex' ? hex : reverseBytes(hex), match: 'exact' } };
}

/** Strips whitespace and an AIM symbology identifier (`]Q1`, `]C0`, `]E0`…) that scanners may prefix. */
export function normaliseBarcode(raw: string): Normalised {
  // Trimmed again after the identifier: a scanner may send "]E0" then padding.
  const text = raw.trim().replace(/^\][A-Za-z][0-9A-Za-z]/, '').trim();
  if (text.length === 0) return { ok: false, error: 'the barcode is empty' };
  if (text.length > MAX_BARCODE_LENGTH) return { ok: false, error: `the barcode is longer than ${MAX_BARCODE_LENGTH} characters` };
  if (/\p{Cc}/u.test(text)) return { ok: false, error: 'the barcode contains control characters' };
  return { ok: true, credential: { kind: 'barcode', value: text, match: 'exact' } };
}

export function normaliseCredential(kind: CredentialKind, raw: string, form?: RfidForm): Normalised {
  return kind === 'rfid' ? normaliseRfid(raw, form) : normaliseBarcode(raw);
}

/**
 * The canonical forms a credential of unknown kind could have, most specific first:
 * what looks like a hex UID is tried as one, and everything is also tried as a barcode.
 */
export function credentialCandidates(raw: string): CanonicalCredential[] {
  const candidates: CanonicalCredential[] = [];
  const rfid = normaliseRfid(raw);
  if (rfid.ok) candidates.push(rfid.credential);
  const barcode = normaliseBarcode(raw);
  if (barcode.ok) candidates.push(barcode.credential);
  return candidates;
}

import { z } from 'zod';
import type { CredentialKind } from './vocabulary.js';

/**
 * How a reader writes a UID. Many 125 kHz and 13.56 MHz readers print only the low
 * 32 bits as a 10-digit decimal, and some send the bytes in reverse order; a Wiegand
 * reader gives the low 24 (26-bit) or 32 (34-bit) bits. The reader's configuration says
 * which, because "0012345678" is valid in every form.
 */
export const RfidForm = z.enum(['hex', 'hex-reversed', 'decimal', 'decimal-reversed', 'wiegand26', 'wiegand34']);
export type RfidForm = z.infer<typeof RfidForm>;

/**
 * A credential in canonical form. `match: 'low32'` (or `'low24'`) means the reader only gave
 * the low 32 (24) bits of the UID, so it matches any stored UID whose last bytes are these.
 */
export interface CanonicalCredential {
  kind: CredentialKind;
  value: string;
  match: 'exact' | 'low32' | 'low24';
}

/** Why a credential's text is refused, in data: a screen words it in its own language, `error` stays the English line. */
export type CredentialFault =
  | { kind: 'not_wiegand'; bits: 26 | 34 }
  | { kind: 'barcode_too_long'; maximum: number }
  | { kind: 'not_decimal' | 'too_large' | 'not_hex' | 'odd_digits' | 'uid_too_long' | 'barcode_empty' | 'barcode_control' | 'barcode_invisible' };

export type Normalised = { ok: true; credential: CanonicalCredential } | { ok: false; error: string; fault: CredentialFault };

const MAX_UID_HEX_DIGITS = 32;
/** The longest barcode taken; a visa pass (213 characters) and a scanner's AIM prefix fit. */
export const MAX_BARCODE_LENGTH = 256;

function reverseBytes(hex: string): string {
  return (hex.match(/../g) ?? []).reverse().join('');
}

/** The last four bytes of a canonical UID, the part decimal-printing readers report. */
export function low32(hex: string): string {
  return hex.slice(-8).padStart(8, '0');
}

/** The last three bytes of a canonical UID, the part a Wiegand 26-bit reader reports. */
export function low24(hex: string): string {
  return hex.slice(-6).padStart(6, '0');
}

const WIEGAND = {
  wiegand26: { hexDigits: 6, maxFacility: 0xff, match: 'low24' },
  wiegand34: { hexDigits: 8, maxFacility: 0xffff, match: 'low32' },
} as const;

/**
 * A Wiegand number as a converter prints it (the data bits in hex: `161DD6`) or as a card
 * is labelled, facility code and card number in decimal (`22/7638`).
 */
function normaliseWiegand(raw: string, form: keyof typeof WIEGAND): Normalised {
  const { hexDigits, maxFacility, match } = WIEGAND[form];
  const text = raw.trim();
  const bits = form === 'wiegand26' ? 26 : 34;
  const refused: Normalised = {
    ok: false,
    fault: { kind: 'not_wiegand', bits },
    error: `"${raw}" is not a ${bits}-bit Wiegand number: write the ${hexDigits} hex digits a reader gives, or facility/card in decimal (facility up to ${maxFacility}, card up to 65535)`,
  };
  if (new RegExp(`^[0-9A-Fa-f]{${hexDigits}}$`).test(text)) return { ok: true, credential: { kind: 'rfid', value: text.toUpperCase(), match } };
  const parts = /^(\d{1,5})\s*[/:,]\s*(\d{1,5})$/.exec(text);
  if (!parts) return refused;
  const facility = Number(parts[1]);
  const card = Number(parts[2]);
  if (facility > maxFacility || card > 0xffff) return refused;
  const value = (facility * 0x10000 + card).toString(16).toUpperCase().padStart(hexDigits, '0');
  return { ok: true, credential: { kind: 'rfid', value, match } };
}

export function normaliseRfid(raw: string, form: RfidForm = 'hex'): Normalised {
  if (form === 'wiegand26' || form === 'wiegand34') return normaliseWiegand(raw, form);
  const text = raw.trim();
  if (form === 'decimal' || form === 'decimal-reversed') {
    if (!/^\d{1,10}$/.test(text)) return { ok: false, error: `"${raw}" is not a decimal UID (up to 10 digits)`, fault: { kind: 'not_decimal' } };
    const number = Number(text);
    if (number > 0xffff_ffff) return { ok: false, error: `"${raw}" is larger than a 32-bit UID`, fault: { kind: 'too_large' } };
    const hex = number.toString(16).toUpperCase().padStart(8, '0');
    return { ok: true, credential: { kind: 'rfid', value: form === 'decimal' ? hex : reverseBytes(hex), match: 'low32' } };
  }
  const hex = text
    .replace(/^0x/i, '')
    .replace(/[\s:.-]/g, '')
    .toUpperCase();
  if (hex.length === 0 || !/^[0-9A-F]+$/.test(hex)) return { ok: false, error: `"${raw}" is not a hexadecimal UID`, fault: { kind: 'not_hex' } };
  if (hex.length % 2 !== 0) return { ok: false, error: `"${raw}" is not a whole number of bytes`, fault: { kind: 'odd_digits' } };
  if (hex.length > MAX_UID_HEX_DIGITS) return { ok: false, error: `"${raw}" is longer than any RFID UID`, fault: { kind: 'uid_too_long' } };
  return { ok: true, credential: { kind: 'rfid', value: form === 'hex' ? hex : reverseBytes(hex), match: 'exact' } };
}

/** Strips whitespace and an AIM symbology identifier (`]Q1`, `]C0`, `]E0`…) that scanners may prefix. */
export function normaliseBarcode(raw: string): Normalised {
  // Trimmed again after the identifier: a scanner may send "]E0" then padding.
  const text = raw
    .trim()
    .replace(/^\][A-Za-z][0-9A-Za-z]/, '')
    .trim();
  if (text.length === 0) return { ok: false, error: 'the barcode is empty', fault: { kind: 'barcode_empty' } };
  if (text.length > MAX_BARCODE_LENGTH)
    return {
      ok: false,
      error: `the barcode is longer than ${MAX_BARCODE_LENGTH} characters`,
      fault: { kind: 'barcode_too_long', maximum: MAX_BARCODE_LENGTH },
    };
  if (/\p{Cc}/u.test(text)) return { ok: false, error: 'the barcode contains control characters', fault: { kind: 'barcode_control' } };
  // Invisible format characters (a right-to-left override, a zero-width space) would show staff a number that is not what was read.
  if (/\p{Cf}/u.test(text)) return { ok: false, error: 'the barcode contains invisible characters', fault: { kind: 'barcode_invisible' } };
  return { ok: true, credential: { kind: 'barcode', value: text, match: 'exact' } };
}

export function normaliseCredential(kind: CredentialKind, raw: string, form?: RfidForm): Normalised {
  return kind === 'rfid' ? normaliseRfid(raw, form) : normaliseBarcode(raw);
}

/**
 * The canonical forms a credential of unknown kind could have, most specific first: what looks
 * like a hex UID is tried as one; the two numbers printed on 125 kHz fobs and cards, ten decimal
 * digits (`0004340757`, the low 32 bits) and facility,card (`066,15125`, the low 24), as those;
 * everything as a barcode. A person at a desk types what is printed on the badge.
 */
export function credentialCandidates(raw: string): CanonicalCredential[] {
  const candidates: CanonicalCredential[] = [];
  const rfid = normaliseRfid(raw);
  if (rfid.ok) candidates.push(rfid.credential);
  const text = raw.trim();
  const printed = /^\d{10}$/.test(text) ? normaliseRfid(text, 'decimal') : /^\d{1,3}\s*[,/]\s*\d{1,5}$/.test(text) ? normaliseRfid(text, 'wiegand26') : null;
  if (printed?.ok) candidates.push(printed.credential);
  const barcode = normaliseBarcode(raw);
  if (barcode.ok) candidates.push(barcode.credential);
  return candidates;
}

import { z } from 'zod';
import { low24, low32, normaliseBarcode, normaliseRfid, type CanonicalCredential, type CredentialFault, type Normalised } from './credentials.js';
import type { CredentialKind } from './vocabulary.js';

/**
 * How a visa list writes a card: `hex`, the whole UID; `decimal`, the 10-digit number printed
 * on EM4100 cards (the UID's low 32 bits); `wiegand26` and `wiegand34`, what a Wiegand reader
 * gives (the low 24 or 32 bits).
 */
export const ListForm = z.enum(['hex', 'decimal', 'wiegand26', 'wiegand34']);
export type ListForm = z.infer<typeof ListForm>;

/**
 * A credential as the list holds it. `bits`: null when `value` is a whole UID (or a barcode),
 * else how many low bits of the UID the list knows.
 */
export interface ListCredential {
  kind: CredentialKind;
  value: string;
  bits: 24 | 32 | null;
}

/** Why a list's credential is refused, in data (its English line is `error`). */
export type ListCredentialFault = CredentialFault | { kind: 'form_for_barcode'; form: ListForm };

export type ParsedListCredential = { ok: true; credential: ListCredential } | { ok: false; error: string; fault: ListCredentialFault };

const BITS: Record<ListForm, 24 | 32 | null> = { hex: null, decimal: 32, wiegand26: 24, wiegand34: 32 };

/** A credential written in a feed or a CSV, in canonical form; a form is only for RFID cards. */
export function parseListCredential(kind: CredentialKind, raw: string, form?: ListForm): ParsedListCredential {
  if (kind === 'barcode') {
    if (form !== undefined)
      return {
        ok: false,
        error: `a barcode is matched as it is written: the form "${form}" is for RFID cards`,
        fault: { kind: 'form_for_barcode', form },
      };
    return fromNormalised(normaliseBarcode(raw), null);
  }
  return fromNormalised(normaliseRfid(raw, form ?? 'hex'), BITS[form ?? 'hex']);
}

function fromNormalised(normalised: Normalised, bits: 24 | 32 | null): ParsedListCredential {
  if (!normalised.ok) return normalised;
  return { ok: true, credential: { kind: normalised.credential.kind, value: normalised.credential.value, bits } };
}

/** The credential the way a person would write it in a CSV: `rfid.decimal:0004340757`. */
export function credentialLabel(c: ListCredential): string {
  if (c.bits === 32) return `rfid.decimal:${String(Number.parseInt(c.value, 16)).padStart(10, '0')}`;
  if (c.bits === 24) return `rfid.wiegand26:${c.value}`;
  return `${c.kind}:${c.value}`;
}

/** Visa passes (a later issue) are signed text: matched exactly, never folded. */
export const VISA_PASS_PREFIX = 'pass:';

/**
 * A barcode without regard to case and separators (space, "-", "_", "."), so `cc-0006` typed
 * on a touch keyboard finds `CC0006`. Only ASCII letters change case: SQLite's upper() does the
 * same when an older list is re-keyed (db/list-file.ts). Visa passes keep their exact text.
 */
export function foldBarcode(value: string): string {
  if (value.startsWith(VISA_PASS_PREFIX)) return value;
  return value.replace(/[ ._-]/g, '').replace(/[a-z]/g, (c) => c.toUpperCase());
}

/** The keys a list credential is found by, one column each in the list file. */
export interface ListKeys {
  /** Last 8 / 6 hex digits of an RFID credential that knows that many bits. */
  low32: string | null;
  low24: string | null;
  folded: string | null;
}

export function listKeys(c: ListCredential): ListKeys {
  if (c.kind === 'barcode') return { low32: null, low24: null, folded: foldBarcode(c.value) };
  return { low32: c.value.length >= 8 ? low32(c.value) : null, low24: c.value.length >= 6 ? low24(c.value) : null, folded: null };
}

/**
 * What a read is looked up by. A read and a list credential match when they agree on every bit
 * both know: a whole UID matches the same UID (`exact`) and list entries that know only its low
 * bits (`partial32`, `partial24`: entries of that many bits); a short read matches every entry
 * whose low bits are its bits (`low32`, `low24`). Null keys look nothing up.
 */
export type ReadKeys =
  | { kind: 'rfid'; exact: string | null; low32: string | null; partial32: string | null; low24: string | null; partial24: string | null }
  | { kind: 'barcode'; exact: string; folded: string };

export function readKeys(read: CanonicalCredential): ReadKeys {
  if (read.kind === 'barcode') return { kind: 'barcode', exact: read.value, folded: foldBarcode(read.value) };
  const none = { exact: null, low32: null, partial32: null, low24: null, partial24: null };
  if (read.match === 'low24') return { kind: 'rfid', ...none, low24: low24(read.value) };
  if (read.match === 'low32') return { kind: 'rfid', ...none, low32: low32(read.value), partial24: low24(read.value) };
  const uid = read.value;
  return { kind: 'rfid', ...none, exact: uid, partial32: uid.length >= 8 ? low32(uid) : null, partial24: uid.length >= 6 ? low24(uid) : null };
}

export type ReadMatch<M> = { type: 'none' } | { type: 'one'; member: M } | { type: 'ambiguous' };

/**
 * Who a read names, from the members whose credentials it matched. A barcode's exact text
 * wins over its folded form; otherwise two members mean the kiosk cannot tell who tapped,
 * and it names nobody rather than the wrong person.
 */
export function resolveMatches<M extends { id: string }>(found: readonly { member: M; exact: boolean }[]): ReadMatch<M> {
  const pick = found.find((f) => f.exact) ?? found[0];
  if (!pick) return { type: 'none' };
  if (!pick.exact && found.some((f) => f.member.id !== pick.member.id)) return { type: 'ambiguous' };
  return { type: 'one', member: pick.member };
}

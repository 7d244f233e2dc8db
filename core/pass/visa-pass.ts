import { fingerprint, verifyEd25519 } from '../registry/ed25519.js';
import { fromBase45, toBase45 } from './base45.js';

/**
 * A visa pass (docs/alliances.md, "Visa passes"): proof of membership a visitor carries as a QR
 * code, signed by the alliance's online key and checked by a kiosk offline. The text is a prefix
 * and base45 of a small binary body plus its Ed25519 signature, so the QR stays in alphanumeric
 * mode (version 10 or lower at error correction M) and survives keyboard-mode scanners.
 *
 * Body: version (1 byte, 1) · key id (4 bytes: the first bytes of the signing key's fingerprint) ·
 * issued and expires (4 bytes each, Unix seconds, big-endian) · member id, home space id and name
 * (each 1 byte of length then UTF-8). The signature covers DOMAIN followed by the body, so no other
 * signed document of the alliance can pass for a pass.
 */

export const PASS_PREFIX = 'CV1:';
/** How long a pass may be valid, from its issue. */
export const PASS_MAX_DAYS = 31;
/** Alphanumeric characters a version-10 QR code holds at error correction M. */
export const PASS_MAX_CHARS = 213;

const VERSION = 1;
const HEADER_BYTES = 13;
const SIGNATURE_BYTES = 64;
const DOMAIN = new TextEncoder().encode('coworking-visa-pass/1\n');
const MAX_BYTES = maxBytesIn(PASS_MAX_CHARS - PASS_PREFIX.length);
/** Passes from a kiosk whose clock runs a little behind the registry's are still good. */
const ISSUE_SKEW_SECONDS = 10 * 60;

export interface PassFields {
  memberId: string;
  spaceId: string;
  name: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface VisaPass extends PassFields {
  /** The first 8 hex digits of the signing key's fingerprint. */
  keyId: string;
}

export type PassCheck = { status: 'valid'; pass: VisaPass } | { status: 'expired'; pass: VisaPass } | { status: 'invalid'; why: PassFault };

/** Why a text is not a good pass: for logs and staff; the visitor hears one sentence for all of them. */
export type PassFault = 'not_a_pass' | 'malformed' | 'unknown_key' | 'bad_signature' | 'bad_dates';

function maxBytesIn(chars: number): number {
  return Math.floor(chars / 3) * 2 + (chars % 3 === 2 ? 1 : 0);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export async function passKeyId(publicKey: string): Promise<string> {
  return (await fingerprint(publicKey)).slice(0, 8);
}

/**
 * What the visit log, exports, events and staff screens keep of a pass: its prefix and last
 * characters (part of the signature). The whole text is a bearer proof for up to 31 days, so it
 * is never stored or sent on.
 */
export function passLabel(text: string): string {
  return `${PASS_PREFIX}…${text.trim().toUpperCase().slice(-8)}`;
}

/** True when the text is meant as a pass (its prefix), whether or not it is a good one. */
export function looksLikePass(text: string): boolean {
  return text.trim().toUpperCase().startsWith(PASS_PREFIX);
}

/**
 * The bytes to sign for a pass. The name is shortened, at a character boundary, to what fits the
 * QR code; ids that leave no room at all are refused (they are the pass's meaning).
 */
export function passMessage(fields: PassFields, keyId: string): Uint8Array<ArrayBuffer> {
  const ids = [fields.memberId, fields.spaceId].map((s) => encoder.encode(s));
  if (ids.some((b) => b.length === 0)) throw new RangeError('a pass needs a member id and a home space id');
  const room = MAX_BYTES - HEADER_BYTES - SIGNATURE_BYTES - 3 - ids[0]!.length - ids[1]!.length;
  if (room < 0) throw new RangeError('this member id and space id are too long to fit a pass');
  const name = shortened(fields.name.trim(), room);
  const issued = seconds(fields.issuedAt);
  const expires = seconds(fields.expiresAt);
  if (!(expires > issued)) throw new RangeError('a pass must expire after it is issued');
  if (expires - issued > PASS_MAX_DAYS * 86400) throw new RangeError(`a pass is valid for at most ${PASS_MAX_DAYS} days`);
  const body = new Uint8Array(HEADER_BYTES + 3 + ids[0]!.length + ids[1]!.length + name.length);
  const view = new DataView(body.buffer);
  body[0] = VERSION;
  body.set(hexBytes(keyId), 1);
  view.setUint32(5, issued);
  view.setUint32(9, expires);
  let at = HEADER_BYTES;
  for (const part of [ids[0]!, ids[1]!, name]) {
    body[at++] = part.length;
    body.set(part, at);
    at += part.length;
  }
  return withDomain(body);
}

/** The pass's text: what goes in the QR code. `message` is passMessage's bytes, `signature` the online key's over them. */
export function passText(message: Uint8Array, signature: Uint8Array): string {
  if (signature.length !== SIGNATURE_BYTES) throw new RangeError('an Ed25519 signature is 64 bytes');
  const body = message.subarray(DOMAIN.length);
  const all = new Uint8Array(body.length + SIGNATURE_BYTES);
  all.set(body);
  all.set(signature, body.length);
  return PASS_PREFIX + toBase45(all);
}

/** Checks a scanned text against the alliance's signing keys (by key id), offline. */
export async function checkPass(text: string, keys: ReadonlyMap<string, string>, now: Date): Promise<PassCheck> {
  const parsed = parsePass(text);
  if ('why' in parsed) return { status: 'invalid', why: parsed.why };
  const { pass, message, signature } = parsed;
  const key = keys.get(pass.keyId);
  if (!key) return { status: 'invalid', why: 'unknown_key' };
  if (!(await verifyEd25519(key, message, base64(signature)))) return { status: 'invalid', why: 'bad_signature' };
  return judgeDates(pass, now);
}

/** Verifies an Ed25519 signature at once (node:crypto on the kiosk's tap path, where a promise per tap costs too much). */
export type VerifyNow = (publicKey: string, message: Uint8Array, signature: Uint8Array) => boolean;

/** checkPass with a synchronous signature check: the same verdicts. */
export function checkPassNow(text: string, keys: ReadonlyMap<string, string>, now: Date, verify: VerifyNow): PassCheck {
  const parsed = parsePass(text);
  if ('why' in parsed) return { status: 'invalid', why: parsed.why };
  const { pass, message, signature } = parsed;
  const key = keys.get(pass.keyId);
  if (!key) return { status: 'invalid', why: 'unknown_key' };
  if (!verify(key, message, signature)) return { status: 'invalid', why: 'bad_signature' };
  return judgeDates(pass, now);
}

function judgeDates(pass: VisaPass, now: Date): PassCheck {
  const issued = seconds(pass.issuedAt);
  const expires = seconds(pass.expiresAt);
  if (expires <= issued || expires - issued > PASS_MAX_DAYS * 86400 || issued > seconds(now) + ISSUE_SKEW_SECONDS) {
    return { status: 'invalid', why: 'bad_dates' };
  }
  return expires <= seconds(now) ? { status: 'expired', pass } : { status: 'valid', pass };
}

type Parsed = { pass: VisaPass; message: Uint8Array<ArrayBuffer>; signature: Uint8Array } | { why: 'not_a_pass' | 'malformed' };

/** Reads a pass's fields without checking its signature. Scanners may add spaces around it or type it in lower case. */
export function parsePass(text: string): Parsed {
  const upper = text.trim().toUpperCase();
  if (!upper.startsWith(PASS_PREFIX)) return { why: 'not_a_pass' };
  const all = fromBase45(upper.slice(PASS_PREFIX.length));
  if (!all || all.length < HEADER_BYTES + 3 + SIGNATURE_BYTES || all.length > MAX_BYTES || all[0] !== VERSION) return { why: 'malformed' };
  const body = all.subarray(0, all.length - SIGNATURE_BYTES);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const parts: string[] = [];
  let at = HEADER_BYTES;
  for (let i = 0; i < 3; i++) {
    const length = body[at++];
    if (length === undefined || at + length > body.length) return { why: 'malformed' };
    try {
      parts.push(decoder.decode(body.subarray(at, at + length)));
    } catch {
      return { why: 'malformed' };
    }
    at += length;
  }
  const [memberId, spaceId, name] = parts as [string, string, string];
  if (at !== body.length || !memberId || !spaceId) return { why: 'malformed' };
  return {
    pass: {
      keyId: Array.from(body.subarray(1, 5), (b) => b.toString(16).padStart(2, '0')).join(''),
      issuedAt: new Date(view.getUint32(5) * 1000),
      expiresAt: new Date(view.getUint32(9) * 1000),
      memberId,
      spaceId,
      name,
    },
    message: withDomain(body),
    signature: all.subarray(all.length - SIGNATURE_BYTES),
  };
}

function withDomain(body: Uint8Array): Uint8Array<ArrayBuffer> {
  const message = new Uint8Array(DOMAIN.length + body.length);
  message.set(DOMAIN);
  message.set(body, DOMAIN.length);
  return message;
}

function shortened(name: string, room: number): Uint8Array {
  const whole = encoder.encode(name);
  if (whole.length <= room) return whole;
  let kept = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(name)) {
    if (encoder.encode(kept + segment).length > room) break;
    kept += segment;
  }
  return encoder.encode(kept.trimEnd());
}

function seconds(date: Date): number {
  const s = Math.floor(date.getTime() / 1000);
  if (!Number.isFinite(s) || s < 0 || s > 0xffffffff) throw new RangeError('a pass date must fall between 1970 and 2106');
  return s;
}

function hexBytes(hex: string): Uint8Array {
  if (!/^[0-9a-f]{8}$/.test(hex)) throw new RangeError('a pass key id is 8 lowercase hex digits');
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}

function base64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

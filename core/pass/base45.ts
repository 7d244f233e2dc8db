/**
 * Base45 (RFC 9285): bytes as QR alphanumeric-mode characters, so a pass fits a small QR code and
 * survives scanners that type it. The alphabet has no lower case: text is upper-cased before
 * decoding, which makes a pass typed with Caps Lock on read the same.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

export function toBase45(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const n = bytes[i]! * 256 + bytes[i + 1]!;
    out += ALPHABET[n % 45]! + ALPHABET[Math.floor(n / 45) % 45]! + ALPHABET[Math.floor(n / 2025)]!;
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1]!;
    out += ALPHABET[n % 45]! + ALPHABET[Math.floor(n / 45)]!;
  }
  return out;
}

/** The bytes, or null when the text is not base45 (a stray character, a lone last character, a group out of range). */
export function fromBase45(text: string): Uint8Array | null {
  const upper = text.toUpperCase();
  if (upper.length % 3 === 1) return null;
  const out = new Uint8Array(Math.floor(upper.length / 3) * 2 + (upper.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < upper.length; i += 3) {
    const group = upper.slice(i, i + 3);
    let n = 0;
    for (let j = group.length - 1; j >= 0; j--) {
      const v = VALUE.get(group[j]!);
      if (v === undefined) return null;
      n = n * 45 + v;
    }
    if (group.length === 3) {
      if (n > 0xffff) return null;
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      if (n > 0xff) return null;
      out[o++] = n;
    }
  }
  return out;
}

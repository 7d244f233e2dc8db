/**
 * Base45 (RFC 9285): bytes as QR alphanumeric-mode characters, so a pass fits a small QR code and
 * survives scanners that type it. The alphabet has no lower case: a lower-case letter reads as its
 * upper case, so a pass typed with Caps Lock on reads the same.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
/** Each character's value by its code, -1 for one outside the alphabet: a tap's pass is decoded with no string made per group. */
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) {
  VALUE[ALPHABET.charCodeAt(i)] = i;
  VALUE[ALPHABET.toLowerCase().charCodeAt(i)] = i;
}

const valueAt = (text: string, i: number): number => {
  const code = text.charCodeAt(i);
  return code < 128 ? VALUE[code]! : -1;
};

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
  if (text.length % 3 === 1) return null;
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const a = valueAt(text, i);
    const b = valueAt(text, i + 1);
    if (a < 0 || b < 0) return null;
    if (i + 2 < text.length) {
      const c = valueAt(text, i + 2);
      if (c < 0) return null;
      const n = a + b * 45 + c * 2025;
      if (n > 0xffff) return null;
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      const n = a + b * 45;
      if (n > 0xff) return null;
      out[o++] = n;
    }
  }
  return out;
}

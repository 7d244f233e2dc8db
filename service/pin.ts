import crypto from 'node:crypto';

// A PIN is found by trying it against every account, so each try must stay quick (~30 ms);
// the lock-out after five wrong PINs, not the hash cost, is what stops guessing at the kiosk.
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEMORY = 256 * N * R;

/** "scrypt$N$r$p$salt$hash", all a later verify needs, so the cost can rise without a migration. */
export function hashPin(pin: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(pin, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: MAX_MEMORY });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

export function verifyPin(pin: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const params = { N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * Number(n) * Number(r) };
  const actual = crypto.scryptSync(pin, Buffer.from(salt, 'base64'), expected.length, params);
  return crypto.timingSafeEqual(actual, expected);
}

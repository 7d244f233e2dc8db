import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify<crypto.BinaryLike, crypto.BinaryLike, number, crypto.ScryptOptions, Buffer>(crypto.scrypt);

/**
 * Checks a password against the hash `registry init` stored (registry/store/meta.ts's format),
 * on libuv's thread pool: a slow hash run inline would stall every kiosk's request while it runs.
 */
export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const params = { N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * Number(n) * Number(r) };
  return crypto.timingSafeEqual(await scrypt(password, Buffer.from(salt, 'base64'), expected.length, params), expected);
}

import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { Db } from '../../db/open.js';

const scrypt = promisify<crypto.BinaryLike, crypto.BinaryLike, number, crypto.ScryptOptions, Buffer>(crypto.scrypt);

/** The registry's own facts, set at init. */
export interface RegistryMeta {
  name: string;
  publicUrl: string;
  createdAt: string;
}

export const MIN_PASSWORD_LENGTH = 12;

// A coordinator signs in rarely; a slow hash (~100 ms) makes a stolen database's password costly to guess.
const N = 2 ** 17;
const R = 8;
const P = 1;
const MAX_MEMORY = 256 * N * R;

export function hashPassword(password: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(password, salt, 32, { N, r: R, p: P, maxmem: MAX_MEMORY });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

/**
 * Checks a password against the hash `hashPassword` stored, on libuv's thread pool: a slow hash
 * run inline would stall every kiosk's request while it runs.
 */
export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const params = { N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * Number(n) * Number(r) };
  return crypto.timingSafeEqual(await scrypt(password, Buffer.from(salt, 'base64'), expected.length, params), expected);
}

export function writeMeta(db: Db, meta: RegistryMeta & { passwordHash: string }): void {
  const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    put.run('name', meta.name);
    put.run('public_url', meta.publicUrl);
    put.run('created_at', meta.createdAt);
    put.run('coordinator_password', meta.passwordHash);
  }).immediate();
}

export function readMeta(db: Db): RegistryMeta {
  const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
  const value = new Map(rows.map((row) => [row.key, row.value]));
  return { name: value.get('name') ?? '', publicUrl: value.get('public_url') ?? '', createdAt: value.get('created_at') ?? '' };
}

export function coordinatorPasswordHash(db: Db): string | null {
  return (db.prepare("SELECT value FROM meta WHERE key = 'coordinator_password'").pluck().get() as string | undefined) ?? null;
}

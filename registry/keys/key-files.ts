import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KioskError } from '../../core/errors.js';
import { createPrivateFile, fsyncFile, fsyncFolder } from '../../db/durable.js';

export const keysDir = (dir: string) => path.join(dir, 'keys');
export const rootKeyPath = (dir: string) => path.join(keysDir(dir), 'root.key');
export const onlineKeyPath = (dir: string) => path.join(keysDir(dir), 'online.key');
export const keysDocumentPath = (dir: string) => path.join(keysDir(dir), 'keys.json');

/** An Ed25519 key's public half as the documents write it: base64url of the raw 32 bytes. */
export function publicKeyText(key: crypto.KeyObject): string {
  const jwk = crypto.createPublicKey(key).export({ format: 'jwk' });
  return jwk.x!;
}

export function newKeyPair(): crypto.KeyObject {
  return crypto.generateKeyPairSync('ed25519').privateKey;
}

/** Base64 Ed25519 signature over the UTF-8 bytes of `text`. */
export function sign(key: crypto.KeyObject, text: string): string {
  return crypto.sign(null, Buffer.from(text, 'utf8'), key).toString('base64');
}

/** Writes a file whole or not at all: owner-only temp file, fsync, rename. */
export function writeAtomically(file: string, content: string, mode = 0o600): void {
  const temp = `${file}.${process.pid}.tmp`;
  createPrivateFile(temp);
  fs.writeFileSync(temp, content);
  fs.chmodSync(temp, mode);
  fsyncFile(temp);
  fs.renameSync(temp, file);
  fsyncFolder(path.dirname(file));
}

export function writePrivateKey(file: string, key: crypto.KeyObject): void {
  writeAtomically(file, key.export({ format: 'pem', type: 'pkcs8' }) as string);
}

/** A PKCS8 PEM Ed25519 private key from a file, or a sentence saying why it is not one. */
export function readPrivateKey(file: string, what: string): crypto.KeyObject {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KioskError(code === 'ENOENT' ? `the ${what} is not at ${file}` : `the ${what} at ${file} cannot be read (${code})`);
  }
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey(text);
  } catch {
    throw new KioskError(`${file} is not a private key (PKCS8 PEM)`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new KioskError(`${file} is not an Ed25519 key`);
  return key;
}

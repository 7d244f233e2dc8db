import crypto from 'node:crypto';
import fs from 'node:fs';
import { KioskError } from '../../core/errors.js';
import { fsyncFile, fsyncFolder } from '../../db/durable.js';
import path from 'node:path';

/**
 * The kiosk's own Ed25519 key, registered to its space at `alliance join`. It lives in a file
 * beside the database (PKCS8 PEM, owner-only), never in it: a backup of the database is not a
 * way into the alliance's member list.
 */
export function kioskKeyFile(databasePath: string): string {
  return `${databasePath}.alliance.key`;
}

export interface KioskKey {
  privateKey: crypto.KeyObject;
  /** base64url of the raw 32 bytes, as the registry keeps it. */
  publicKey: string;
}

const publicText = (privateKey: crypto.KeyObject) => crypto.createPublicKey(privateKey).export({ format: 'jwk' }).x!;

/**
 * A new key pair, on disk (`FILE.new`, fsynced) before the registry hears of it, so a registered
 * key is never one the disk lost; `keep` moves it into place once the registry has accepted it,
 * so a failed enrolment leaves a kiosk that had joined before with its working key.
 */
export function newKioskKey(file: string): KioskKey & { keep: () => void; discard: () => void } {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const temp = `${file}.new`;
  try {
    fs.writeFileSync(temp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    fsyncFile(temp);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new KioskError(`cannot write the kiosk's alliance key ${temp}: ${(error as Error).message}`);
  }
  return {
    privateKey,
    publicKey: publicText(privateKey),
    keep() {
      fs.renameSync(temp, file);
      fsyncFolder(path.dirname(file));
    },
    discard() {
      fs.rmSync(temp, { force: true });
    },
  };
}

export function readKioskKey(file: string): KioskKey {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new KioskError(
      missing
        ? `this kiosk's alliance key ${file} is missing (it is not in backups): ask the coordinator for a new code and run \`visa-kiosk alliance join\` again`
        : `cannot read this kiosk's alliance key ${file}: ${(error as Error).message}`,
    );
  }
  try {
    const privateKey = crypto.createPrivateKey(pem);
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('not Ed25519');
    return { privateKey, publicKey: publicText(privateKey) };
  } catch {
    throw new KioskError(`this kiosk's alliance key ${file} is damaged: ask the coordinator for a new code and run \`visa-kiosk alliance join\` again`);
  }
}

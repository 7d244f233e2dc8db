import fs from 'node:fs';
import { KioskError } from '../../core/errors.js';
import { retireOnline } from '../../core/registry/retired-keys.js';
import { keysDir, newKeyPair, onlineKeyPath, publicKeyText, readPrivateKey, rootKeyPath, writePrivateKey } from './key-files.js';
import { loadKeys, signKeysDocument, writeKeysDocument } from './keys-document.js';

/** At init: the offline root key, the online key and the root-signed keys document (version 1). */
export function makeKeys(dir: string, alliance: string, now = new Date()): void {
  fs.mkdirSync(keysDir(dir), { recursive: true, mode: 0o700 });
  const root = newKeyPair();
  const online = newKeyPair();
  writePrivateKey(rootKeyPath(dir), root);
  writePrivateKey(onlineKeyPath(dir), online);
  writeKeysDocument(dir, signKeysDocument(root, online, alliance, 1, now));
}

/**
 * A new online key, named by a new keys document (version + 1) that the root key signs: kiosks
 * take it because they pin the root, and a thief of the old online key cannot make one. The
 * document also names the keys retired within a pass's lifetime, this one included, carried from
 * the document before: a kiosk that skipped a version still checks the passes that version signed.
 */
export async function rotateOnlineKey(dir: string, rootKeyFile: string, now = new Date()): Promise<{ version: number }> {
  const current = await loadKeys(dir);
  const root = readPrivateKey(rootKeyFile, 'root key');
  if (publicKeyText(root) !== current.document.root) throw new KioskError(`${rootKeyFile} is not this alliance's root key`);
  const online = newKeyPair();
  const version = current.document.version + 1;
  // The old online key stays until the new document is on disk; a crash between is reported by loadKeys, never half-trusted.
  const staged = `${onlineKeyPath(dir)}.new`;
  writePrivateKey(staged, online);
  writeKeysDocument(dir, signKeysDocument(root, online, current.document.alliance, version, now, retireOnline(current.document, now)));
  fs.renameSync(staged, onlineKeyPath(dir));
  return { version };
}

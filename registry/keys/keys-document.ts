import type crypto from 'node:crypto';
import fs from 'node:fs';
import { KEYS_FORMAT, KeysDocument, type Envelope, type RetiredKey } from '../../core/registry/documents.js';
import { fingerprint } from '../../core/registry/ed25519.js';
import { openEnvelope } from '../../core/registry/envelope.js';
import { KioskError } from '../../core/errors.js';
import { keysDocumentPath, onlineKeyPath, publicKeyText, readPrivateKey, rootKeyPath, sign, writeAtomically } from './key-files.js';

/** The keys document for `online`, signed by `root`, naming the online keys retired within a pass's lifetime. */
export function signKeysDocument(
  root: crypto.KeyObject,
  online: crypto.KeyObject,
  alliance: string,
  version: number,
  now = new Date(),
  retired: RetiredKey[] = [],
): Envelope {
  const document: KeysDocument = {
    format: KEYS_FORMAT,
    alliance,
    root: publicKeyText(root),
    online: publicKeyText(online),
    version,
    issuedAt: now.toISOString(),
    ...(retired.length > 0 && { retired }),
  };
  const signed = JSON.stringify(document);
  return { signed, sig: sign(root, signed) };
}

export function writeKeysDocument(dir: string, envelope: Envelope): void {
  writeAtomically(keysDocumentPath(dir), `${JSON.stringify(envelope)}\n`, 0o644);
}

/** What the registry signs with, loaded at start; the root key is not needed (it belongs off the server). */
export interface RegistryKeys {
  envelope: Envelope;
  document: KeysDocument;
  online: crypto.KeyObject;
  rootFingerprint: string;
  /** True while root.key still sits on the server. */
  rootOnServer: boolean;
}

/**
 * The online key the document names. A rotation cut short after its new document was written
 * leaves the new key staged beside the old one: it is put in place here (`finish`), so the pair
 * matches again; a running server only reads it, as the rotation may still be under way.
 */
function currentOnlineKey(dir: string, named: string, finish: boolean): crypto.KeyObject {
  const staged = `${onlineKeyPath(dir)}.new`;
  if (fs.existsSync(staged)) {
    const key = readPrivateKey(staged, 'staged online key');
    if (publicKeyText(key) === named) {
      if (!finish) return key;
      fs.renameSync(staged, onlineKeyPath(dir));
    }
  }
  return readPrivateKey(onlineKeyPath(dir), 'online signing key');
}

export async function loadKeys(dir: string, { finishRotation = true } = {}): Promise<RegistryKeys> {
  const file = keysDocumentPath(dir);
  let raw: unknown;
  let claimed: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    claimed = (JSON.parse((raw as { signed: string }).signed) as { root?: unknown }).root;
  } catch (error) {
    throw new KioskError(`the keys document ${file} cannot be read (${(error as Error).message})`);
  }
  if (typeof claimed !== 'string') throw new KioskError(`${file} is not a keys document`);
  const opened = await openEnvelope(raw, claimed, KeysDocument, 'keys document');
  if (!opened.ok) throw new KioskError(`${file}: ${opened.problem}`);
  const online = currentOnlineKey(dir, opened.document.online, finishRotation);
  if (publicKeyText(online) !== opened.document.online)
    throw new KioskError(`${onlineKeyPath(dir)} is not the online key that ${file} names: restore the matching pair`);
  return {
    envelope: raw as Envelope,
    document: opened.document,
    online,
    rootFingerprint: await fingerprint(opened.document.root),
    rootOnServer: fs.existsSync(rootKeyPath(dir)),
  };
}

export const ROOT_ON_SERVER_WARNING = (dir: string) =>
  `the offline root key is still on this server (${rootKeyPath(dir)}): copy it somewhere safe and offline, then delete it here`;

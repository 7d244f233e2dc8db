import { createHash, sign, type KeyObject } from 'node:crypto';

/** The online key and the version of the keys document that names it. */
export interface SigningKey {
  key: KeyObject;
  version: number;
}

/** An envelope's file text: the document's exact JSON and an Ed25519 signature over its UTF-8 bytes. */
export function envelopeText(document: object, key: KeyObject): string {
  const signed = JSON.stringify(document);
  const sig = sign(null, Buffer.from(signed, 'utf8'), key).toString('base64');
  // No newline after it: a kiosk hashes a manifest from a delta chain as this exact compact text.
  return JSON.stringify({ signed, sig });
}

export const sha256Hex = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

import crypto from 'node:crypto';
import { KioskError } from '../../core/errors.js';

/** Parses an alliance public key, refusing anything but Ed25519 so a weaker key is never trusted by accident. */
export function parsePublicKey(pem: string, what = 'the public key'): crypto.KeyObject {
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey(pem);
  } catch {
    throw new KioskError(`${what} is not a readable PEM public key`, 'invalid', { detail: { what: 'public_key_bad' } });
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new KioskError(`${what} is ${key.asymmetricKeyType ?? 'of an unknown type'}, not Ed25519`, 'invalid', { detail: { what: 'public_key_bad' } });
  return key;
}

/** Checks a base64 Ed25519 signature over the feed's exact bytes (docs/alliances.md, "Signing"). */
export function verifyFeedSignature(bytes: Uint8Array, signatureBase64: string, publicKeyPem: string): void {
  const key = parsePublicKey(publicKeyPem);
  // base64 and openssl base64 wrap their output every 64 or 76 characters.
  const text = signatureBase64.replace(/\s+/g, '');
  const signature = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || signature.length !== 64) {
    throw new KioskError('the feed signature is not a base64 Ed25519 signature (64 bytes)', 'refused', { detail: { what: 'signature_bad' } });
  }
  if (!crypto.verify(null, bytes, key, signature)) {
    throw new KioskError('the feed signature does not match: the feed was changed after signing, or signed with another key', 'refused', {
      detail: { what: 'signature_bad' },
    });
  }
}

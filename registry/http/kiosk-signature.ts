import crypto from 'node:crypto';

/** A registry has few kiosks; past this many keys the cache starts again rather than grow. */
const MAX_KEYS = 10_000;

const keys = new Map<string, crypto.KeyObject | null>();

/** A kiosk's registered public key (base64url of the raw 32 bytes) as a key object, made once per key; null when it is no Ed25519 key. */
function keyOf(publicKey: string): crypto.KeyObject | null {
  let key = keys.get(publicKey);
  if (key !== undefined) return key;
  try {
    key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
  } catch {
    key = null;
  }
  if (keys.size >= MAX_KEYS) keys.clear();
  keys.set(publicKey, key);
  return key;
}

/**
 * True when `signature` (base64) is the kiosk key's Ed25519 signature over `text`. Every poll of
 * every kiosk is checked, so this is the registry's hottest path: the key is parsed once, and the
 * check runs on libuv's thread pool, leaving the event loop to the requests in flight.
 */
export function verifyKioskSignature(publicKey: string, text: string, signature: string): Promise<boolean> {
  const key = keyOf(publicKey);
  const sig = Buffer.from(signature, 'base64');
  if (!key || sig.length !== 64) return Promise.resolve(false);
  return new Promise((resolve) => crypto.verify(null, Buffer.from(text, 'utf8'), key, sig, (error, ok) => resolve(!error && ok)));
}

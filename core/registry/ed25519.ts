/**
 * Ed25519 checks and fingerprints through WebCrypto, which Node and browsers both have, so the
 * kiosk, the registry and (for passes) a screen check signatures with one piece of code.
 */

const encoder = new TextEncoder();

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const hex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

export async function sha256Hex(data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', typeof data === 'string' ? encoder.encode(data) : data));
}

/** The fingerprint of a public key (base64url of its raw 32 bytes): SHA-256 of the raw bytes, lowercase hex. */
export function fingerprint(publicKey: string): Promise<string> {
  return sha256Hex(fromBase64(publicKey));
}

/** True when `signature` (base64) is the key's Ed25519 signature over `message`. Malformed input is false, never a throw. */
export async function verifyEd25519(publicKey: string, message: string | Uint8Array<ArrayBuffer>, signature: string): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey('raw', fromBase64(publicKey), { name: 'Ed25519' }, false, ['verify']);
    const bytes = typeof message === 'string' ? encoder.encode(message) : message;
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64(signature), bytes);
  } catch {
    return false;
  }
}

/**
 * How a kiosk signs a request to the registry: its Ed25519 key over the method, path, time,
 * a nonce and the body's hash. Time bounds a replay to minutes; the nonce makes even that
 * refused.
 */

export const SCHEME = 'VisaKiosk';
/** How far a kiosk's clock may be from the registry's. */
export const MAX_SKEW_SECONDS = 300;

export interface SignedRequestParts {
  method: string;
  /** Path with its query string, as sent. */
  path: string;
  /** Unix seconds. */
  time: number;
  /** base64url of 16 random bytes. */
  nonce: string;
  /** Lowercase hex SHA-256 of the exact body bytes (of nothing when there is no body). */
  bodySha256: string;
}

export function requestSigningText(parts: SignedRequestParts): string {
  return ['visa-kiosk-request/1', parts.method.toUpperCase(), parts.path, String(parts.time), parts.nonce, parts.bodySha256].join('\n');
}

export interface Authorization {
  kiosk: string;
  time: number;
  nonce: string;
  sig: string;
}

export function formatAuthorization(auth: Authorization): string {
  return `${SCHEME} kiosk="${auth.kiosk}", time="${auth.time}", nonce="${auth.nonce}", sig="${auth.sig}"`;
}

/** The fields of a `VisaKiosk` Authorization header, or null when it is not one. */
export function parseAuthorization(header: string): Authorization | null {
  const match = /^VisaKiosk\s+(.+)$/.exec(header.trim());
  if (!match) return null;
  const fields = new Map<string, string>();
  for (const part of match[1]!.split(',')) {
    const kv = /^\s*([a-z]+)="([^"]*)"\s*$/.exec(part);
    if (!kv || fields.has(kv[1]!)) return null;
    fields.set(kv[1]!, kv[2]!);
  }
  const kiosk = fields.get('kiosk');
  const time = Number(fields.get('time'));
  const nonce = fields.get('nonce');
  const sig = fields.get('sig');
  if (!kiosk || !/^[A-Za-z0-9_-]{1,64}$/.test(kiosk) || !Number.isSafeInteger(time)) return null;
  if (!nonce || !/^[A-Za-z0-9_-]{22}$/.test(nonce) || !sig || !/^[A-Za-z0-9+/]{86}==$/.test(sig)) return null;
  return { kiosk, time, nonce, sig };
}

/** "7 minutes behind" for a clock skew in seconds (negative: the kiosk is behind). */
export function skewWords(seconds: number): string {
  const minutes = Math.round(Math.abs(seconds) / 60);
  const amount = minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `${amount} ${seconds < 0 ? 'behind' : 'ahead of'}`;
}

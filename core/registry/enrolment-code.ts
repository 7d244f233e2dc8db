/**
 * A one-time enrolment code: `vkc1.<space>.<secret>.<root>`, where `root` is the first 32 hex
 * digits (128 bits) of the root key's fingerprint, so a kiosk can check it reached the right
 * registry before it trusts anything the registry says.
 */

export interface EnrolmentCode {
  space: string;
  /** base64url of 16 random bytes; the registry keeps only its SHA-256. */
  secret: string;
  /** The root key fingerprint's first 32 hex digits. */
  rootPrefix: string;
}

const PREFIX = 'vkc1';
export const ROOT_PREFIX_LENGTH = 32;

export function formatEnrolmentCode(code: EnrolmentCode): string {
  return [PREFIX, code.space, code.secret, code.rootPrefix].join('.');
}

/** The parts of a code, or a sentence saying why it is not one. */
export function parseEnrolmentCode(text: string): EnrolmentCode | { problem: string } {
  const cut = { problem: 'the enrolment code is cut short or mistyped: copy the whole code' };
  const parts = text.trim().split('.');
  if (parts[0] !== PREFIX) return { problem: 'this is not an enrolment code (they start with "vkc1.")' };
  // It starts as a code does, so what is missing or extra is a copying slip.
  if (parts.length !== 4) return cut;
  const [, space, secret, rootPrefix] = parts as [string, string, string, string];
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(space)) return { problem: 'the enrolment code names no space: copy the whole code' };
  if (!/^[A-Za-z0-9_-]{22}$/.test(secret)) return cut;
  if (!new RegExp(`^[0-9a-f]{${ROOT_PREFIX_LENGTH}}$`).test(rootPrefix)) return cut;
  return { space, secret, rootPrefix };
}

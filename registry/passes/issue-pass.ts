import crypto from 'node:crypto';
import { PASS_MAX_DAYS, passKeyId, passMessage, passText } from '../../core/pass/visa-pass.js';
import type { RegistryKeys } from '../keys/keys-document.js';
import type { SpaceRow } from '../store/spaces.js';

/** The member facts a pass is issued from. */
export interface PassHolder {
  id: string;
  name: string;
  status: string;
  validUntil: string | null;
}

export type Issued = { ok: true; text: string; expiresAt: Date } | { ok: false; refusal: PassRefusal };

/** Why a member may not hold a pass, as the fact and the space to ask: each surface makes its sentences from them. */
export interface PassRefusal {
  fact: string;
  ask: string;
}

const DAY_MS = 86_400_000;

/**
 * Why a member may not hold a pass now (their space suspended or taking no visitors, the membership not active or
 * ended), in words for them; null when they may. Announcing asks the same of the pass it is given.
 */
export function passRefusal(space: SpaceRow, member: PassHolder, now: Date): PassRefusal | null {
  const refusal = (fact: string) => ({ fact, ask: space.name });
  // A space that takes no visitors sends none either: a kiosk denies its members (space_not_participating).
  if (space.state !== 'active' || !space.visa.accepts) return refusal(`${space.name} is not taking part in the exchange at the moment`);
  if (member.status !== 'active') return refusal(`your membership at ${space.name} is not active`);
  if (member.validUntil && lastDayOf(member.validUntil) <= now) return refusal(`your membership at ${space.name} ended on ${member.validUntil}`);
  return null;
}

/** The refusal as the API's one line: "your membership at … is not active: ask … about it". */
export const refusalLine = (refusal: PassRefusal): string => `${refusal.fact}: ask ${refusal.ask} about it`;

/** The refusal as the pass page says it, in two sentences: the fact and that there is no pass, then whom to ask. */
export const noPassSentences = (refusal: PassRefusal): string =>
  `${refusal.fact[0]!.toUpperCase()}${refusal.fact.slice(1)}, so there is no pass for you. Ask ${refusal.ask} about it.`;

const lastDayOf = (validUntil: string) => new Date(`${validUntil}T23:59:59Z`);

/**
 * A fresh pass for a member, signed with the online key: valid for 31 days, or until the end of
 * the membership's last day if sooner (in the home space's time zone, approximated by UTC's day
 * end; a kiosk still checks the list, which knows the exact date). None for a member who is not
 * active or a space that is not open.
 */
export async function issuePass(keys: RegistryKeys, space: SpaceRow, member: PassHolder, now: Date): Promise<Issued> {
  const refusal = passRefusal(space, member, now);
  if (refusal) return { ok: false, refusal };
  let expiresAt = new Date(now.getTime() + PASS_MAX_DAYS * DAY_MS);
  if (member.validUntil && lastDayOf(member.validUntil) < expiresAt) expiresAt = lastDayOf(member.validUntil);
  const message = passMessage({ memberId: member.id, spaceId: space.id, name: member.name, issuedAt: now, expiresAt }, await passKeyId(keys.document.online));
  return { ok: true, text: passText(message, crypto.sign(null, message, keys.online)), expiresAt };
}

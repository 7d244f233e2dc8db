import { PASS_LIFETIME_MS } from '../pass/pass-verdict.js';
import type { KeysDocument, RetiredKey } from './documents.js';

/**
 * Which rotated-out online keys still verify passes (docs/alliances.md, "If a key leaks"): a pass
 * lives at most PASS_LIFETIME_MS, so a key retired longer ago than that signed none still valid.
 * Pure.
 */

const stillNeeded = (key: RetiredKey, at: Date) => Date.parse(key.retiredAt) > at.getTime() - PASS_LIFETIME_MS;

/** The registry's list for the next keys document: the current online key retired at `at`, and those retired within a pass's lifetime before it. */
export function retireOnline(current: KeysDocument, at: Date): RetiredKey[] {
  const earlier = (current.retired ?? []).filter((key) => key.online !== current.online && stillNeeded(key, at));
  return [...earlier, { online: current.online, version: current.version, retiredAt: at.toISOString() }];
}

/**
 * The keys the registry checks a member's pass with at `at`: its online key, and those its document
 * names as retired within a pass's lifetime, each with when (a pass it signed later is forged).
 */
export function passKeys(document: KeysDocument, at: Date): { online: string; retiredAt: Date | null }[] {
  const retired = (document.retired ?? []).filter((key) => key.online !== document.online && stillNeeded(key, at));
  return [{ online: document.online, retiredAt: null }, ...retired.map((key) => ({ online: key.online, retiredAt: new Date(key.retiredAt) }))];
}

/**
 * What a kiosk trusts besides the new online key once it takes `next`: every key the root-signed
 * document lists as retired within a pass's lifetime (also those of versions it skipped), and the
 * key it had, which a document made before the list existed does not name (retired when `next` was issued).
 */
export function keysToRetire(next: KeysDocument, had: string | null, at: Date): { online: string; retiredAt: string }[] {
  const listed = next.retired ?? [];
  const trusted = listed.filter((key) => key.online !== next.online && stillNeeded(key, at)).map(({ online, retiredAt }) => ({ online, retiredAt }));
  // When the document dates the key this kiosk had, that date holds: retired long ago, it is trusted no more.
  if (had !== null && had !== next.online && !listed.some((key) => key.online === had)) trusted.push({ online: had, retiredAt: next.issuedAt });
  return trusted;
}

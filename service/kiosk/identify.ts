import type { CheckinResult } from '../../core/api/checkin.js';
import type { Holder, SpaceTerms } from '../../core/checkin-policy.js';
import { credentialCandidates, normaliseCredential, type CanonicalCredential } from '../../core/credentials.js';
import { KioskError } from '../../core/errors.js';
import type { StaffRow } from '../../db/staff.js';
import type { MemberRow, SpaceRow, VisaList } from '../../db/visa-list.js';

/** Who a credential belongs to: a staff account, a member of the list, or nobody known. */
export interface Identity {
  credential: CheckinResult['credential'];
  holder: Holder;
  member: MemberRow | null;
  /** The member's home space, as the list has it. */
  home: SpaceRow | null;
  staff: StaffRow | null;
}

/** The canonical forms a typed or scanned credential may stand for; a bad one is refused in words. */
export function credentialForms(raw: string, given?: 'rfid' | 'barcode', form?: Parameters<typeof normaliseCredential>[2]): CanonicalCredential[] {
  // A form (decimal, reversed…) only ever describes an RFID UID.
  const kind = given ?? (form ? 'rfid' : undefined);
  if (kind) {
    const normalised = normaliseCredential(kind, raw, form);
    if (!normalised.ok)
      throw new KioskError(normalised.error, 'invalid', { detail: { what: 'credential_refused', text: raw.trim(), fault: normalised.fault } });
    return [normalised.credential];
  }
  const candidates = credentialCandidates(raw);
  if (candidates.length === 0)
    throw new KioskError(normaliseCredential('barcode', raw).ok ? 'unreadable credential' : `"${raw.trim()}" is not a badge number or barcode`, 'invalid', {
      detail: { what: 'not_a_badge', text: raw.trim() },
    });
  return candidates;
}

/**
 * The member a credential belongs to in the list, with its home space; `ambiguous` when a read
 * fits more than one member (a short Wiegand read, a folded barcode) and no candidate names one.
 */
export function memberOf(
  list: VisaList,
  candidates: CanonicalCredential[],
): { credential: CanonicalCredential; member: MemberRow; home: SpaceRow | null } | { ambiguous: CanonicalCredential } | null {
  let ambiguous: CanonicalCredential | null = null;
  for (const credential of candidates) {
    const found = list.matchRead(credential);
    if (found.type === 'one') return { credential, member: found.member, home: list.space(found.member.spaceId) };
    if (found.type === 'ambiguous') ambiguous ??= credential;
  }
  return ambiguous ? { ambiguous } : null;
}

/** A staff badge first (`staffHolder`), then a member's, else nobody known. */
export function identify(list: VisaList, candidates: CanonicalCredential[], staffHolder: (candidates: CanonicalCredential[]) => StaffRow | null): Identity {
  const staff = staffHolder(candidates);
  if (staff) return { credential: candidates[0]!, holder: { type: 'staff', staffId: staff.id }, member: null, home: null, staff };
  const found = memberOf(list, candidates);
  if (found && 'ambiguous' in found) return { credential: found.ambiguous, holder: { type: 'ambiguous' }, member: null, home: null, staff: null };
  if (found) {
    const { credential, member, home } = found;
    return { credential, holder: { type: 'member', member, homeSpace: home && terms(home) }, member, home, staff: null };
  }
  return { credential: candidates[0]!, holder: { type: 'unknown' }, member: null, home: null, staff: null };
}

/** The member a front-desk person picked by hand, as if their badge had been read. */
export function identifyMember(list: VisaList, memberId: string): Identity {
  const member = list.member(memberId);
  if (!member) throw new KioskError(`no member "${memberId}" in the visa list`, 'not_found');
  const home = list.space(member.spaceId);
  return { credential: { kind: 'manual', value: memberId }, holder: { type: 'member', member, homeSpace: home && terms(home) }, member, home, staff: null };
}

export function terms(space: SpaceRow): SpaceTerms {
  return { id: space.id, timezone: space.timezone, visa: space.visa };
}

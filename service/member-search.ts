import type { MemberMatch } from '../core/api/desk.js';
import { credentialCandidates } from '../core/credentials.js';
import type { MemberStatus } from '../core/vocabulary.js';
import type { MemberRow, SearchedMember, VisaList } from '../db/visa-list.js';

/** What staff should see of a member's standing today: an active membership past its end date is expired. */
export function statusOn(member: { status: MemberStatus; validUntil: string | null }, today: string): MemberStatus {
  return member.status === 'active' && member.validUntil !== null && member.validUntil < today ? 'expired' : member.status;
}

/**
 * Check-in by hand: members found by name, email, space or id, and first the holders of a badge
 * number typed as the query (matched as a reader's would be, a barcode without regard to case).
 */
export function searchMembers(list: VisaList, query: string, today: string, limit: number): MemberMatch[] {
  const found = new Map<string, SearchedMember>();
  for (const candidate of credentialCandidates(query)) {
    // Every member a badge number fits: a number that fits two is for staff to pick from.
    for (const holder of list.holders(candidate, limit)) if (!found.has(holder.id)) found.set(holder.id, fromRow(list, holder));
  }
  for (const match of list.search(query, limit)) if (!found.has(match.id)) found.set(match.id, match);
  return [...found.values()].slice(0, limit).map(({ validUntil, ...match }) => ({ ...match, status: statusOn({ status: match.status, validUntil }, today) }));
}

function fromRow(list: VisaList, member: MemberRow): SearchedMember {
  return {
    id: member.id,
    name: member.name,
    email: member.email,
    space: member.spaceId,
    spaceName: list.space(member.spaceId)?.name ?? null,
    status: member.status,
    validUntil: member.validUntil,
  };
}

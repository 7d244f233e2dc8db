import type { MemberMatch } from '../core/api.js';
import { credentialCandidates } from '../core/credentials.js';
import type { MemberRow, SearchedMember, VisaList } from '../db/visa-list.js';

/** What staff should see of a member's standing today: an active membership past its end date is expired. */
export function statusOn(member: { status: string; validUntil: string | null }, today: string): string {
  return member.status === 'active' && member.validUntil !== null && member.validUntil < today ? 'expired' : member.status;
}

/**
 * Check-in by hand: members found by name, email, space or id, and first the holder of a badge
 * number typed as the query (matched exactly on its canonical form, as a reader's would be).
 */
export function searchMembers(list: VisaList, query: string, today: string, limit: number): MemberMatch[] {
  const found = new Map<string, SearchedMember>();
  for (const candidate of credentialCandidates(query)) {
    const holder = list.memberByCredential(candidate.kind, candidate.value, 'exact');
    if (holder && !found.has(holder.id)) found.set(holder.id, fromRow(list, holder));
  }
  for (const match of list.search(query, limit)) if (!found.has(match.id)) found.set(match.id, match);
  return [...found.values()].slice(0, limit).map(({ validUntil, ...match }) => ({ ...match, status: statusOn({ status: match.status, validUntil }, today) }));
}

function fromRow(list: VisaList, member: MemberRow): SearchedMember {
  return { id: member.id, name: member.name, email: member.email, space: member.spaceId, spaceName: list.space(member.spaceId)?.name ?? null, status: member.status, validUntil: member.validUntil };
}

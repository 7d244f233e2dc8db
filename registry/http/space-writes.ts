import type { MemberPatch, RosterMember, RosterOutcome, TermsInput } from '../../core/registry/roster.js';
import type { Actor } from '../store/changes.js';

/**
 * What the HTTP API needs from the members store: each method checks and makes one space's change
 * in one transaction, logs it, and refuses with a KioskError whose code says the status
 * (invalid 400, not_found 404, forbidden 403 for a member of another space, refused 409 for an id
 * taken). Nothing is changed by a refusal.
 */
export interface SpaceWrites {
  replaceRoster(space: string, members: RosterMember[], actor: Actor, options: { dryRun: boolean }): Omit<RosterOutcome, 'sequence'>;
  addMember(space: string, member: RosterMember, actor: Actor): void;
  updateMember(space: string, memberId: string, patch: MemberPatch, actor: Actor): void;
  removeMember(space: string, memberId: string, actor: Actor): void;
  setTerms(space: string, terms: TermsInput, actor: Actor): void;
}

/** The publisher: returns the sequence of a publication holding every change made so far, once it is on disk. */
export interface Publisher {
  publishSoon(): Promise<number>;
}

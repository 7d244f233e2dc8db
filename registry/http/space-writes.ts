import type { RosterOutcome } from '../../core/registry/roster.js';
import type { Actor } from '../store/changes.js';

/** One space's write, by whom. */
export interface Write {
  space: string;
  actor: Actor;
}

/**
 * What the HTTP API needs from the members store and the publisher (run on the registry's writer
 * thread, registry/writer/, so a large write never holds up other requests). Each write validates what it
 * is given (a roster's JSON body is parsed there too; its rows row-numbered), makes one space's change in one transaction, logs it and
 * returns the id of its last change (null when nothing changed); a refusal is a KioskError whose
 * code says the status (invalid 400, not_found 404, forbidden 403 for a member of another space,
 * refused 409 for an id taken), and changes nothing. `published` resolves with the sequence of
 * the publication holding a change once it is on disk (the newest sequence for null).
 */
export interface SpaceWrites {
  replaceRoster(w: Write & { body: Uint8Array }): Promise<Omit<RosterOutcome, 'sequence'> & { changeId: number | null; dryRun: boolean }>;
  addMember(w: Write & { member: unknown }): Promise<{ changeId: number }>;
  updateMember(w: Write & { id: string; patch: unknown }): Promise<{ changeId: number | null }>;
  removeMember(w: Write & { id: string }): Promise<{ changeId: number }>;
  setTerms(w: Write & { terms: unknown }): Promise<{ changeId: number | null }>;
  published(changeId: number | null): Promise<number | null>;
}

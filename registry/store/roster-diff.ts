import type { RosterMember } from '../../core/registry/roster.js';

/** A member as the registry stores it: credentials as the JSON text the feed carries. */
export interface MemberRow {
  id: string;
  space_id: string;
  name: string;
  email: string;
  status: string;
  valid_until: string | null;
  credentials: string;
}

export const PREVIEW_SIZE = 5;

/** A validated roster member as its stored row in `space`. */
export function memberRow(space: string, member: RosterMember): MemberRow {
  return {
    id: member.id,
    space_id: space,
    name: member.name,
    email: member.email,
    status: member.status,
    valid_until: member.validUntil ?? null,
    credentials: JSON.stringify(member.credentials),
  };
}

const FIELDS = [
  ['name', 'name'],
  ['email', 'email'],
  ['status', 'status'],
  ['valid_until', 'valid until'],
  ['credentials', 'credentials'],
] as const;

/** The fields that differ between two rows of one member, in words ("email, credentials"); empty when equal. */
export function changedFields(before: MemberRow, after: MemberRow): string[] {
  return FIELDS.filter(([field]) => before[field] !== after[field]).map(([, words]) => words);
}

export interface RosterDiff {
  added: MemberRow[];
  changed: { row: MemberRow; fields: string[] }[];
  removed: string[];
}

/**
 * What replacing a space's roster `current` with `next` changes. Ids are alliance-wide, so a
 * member is never moved between spaces here; the caller refuses another space's ids first.
 */
export function diffRoster(current: ReadonlyMap<string, MemberRow>, next: readonly MemberRow[]): RosterDiff {
  const diff: RosterDiff = { added: [], changed: [], removed: [] };
  const kept = new Set<string>();
  for (const row of next) {
    kept.add(row.id);
    const before = current.get(row.id);
    if (!before) diff.added.push(row);
    else {
      const fields = changedFields(before, row);
      if (fields.length) diff.changed.push({ row, fields });
    }
  }
  for (const id of current.keys()) if (!kept.has(id)) diff.removed.push(id);
  diff.removed.sort();
  return diff;
}

/** The first few ids of each kind of change, for a person to check before sending. */
export function rosterPreview(diff: RosterDiff): { added: string[]; changed: string[]; removed: string[] } {
  return {
    added: diff.added.slice(0, PREVIEW_SIZE).map((r) => r.id),
    changed: diff.changed.slice(0, PREVIEW_SIZE).map((c) => c.row.id),
    removed: diff.removed.slice(0, PREVIEW_SIZE),
  };
}

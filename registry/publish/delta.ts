import { DELTA_FORMAT } from '../../core/registry/documents.js';
import type { MemberRow } from '../store/roster-diff.js';
import { memberJson, spaceJson, type SpaceRow } from './feed-text.js';

/** What a delta needs to know of the registry, now: the rows of the ids the changes name. */
export interface DeltaSource {
  /** A space's row when the publication carries it (active or suspended), else undefined. */
  publishedSpace(id: string): SpaceRow | undefined;
  member(id: string): MemberRow | undefined;
  /** The ids of the members still stored under a space. */
  membersOf(space: string): Iterable<string>;
}

export interface DeltaPlan {
  spaces: { upsert: SpaceRow[]; remove: string[] };
  members: { upsert: MemberRow[]; remove: string[] };
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The delta from the previous publication, from the changes since: each member and space they
 * name is sent as it is now, or removed when it is gone. A member is published only while its
 * space is; a removed space takes its members with it. Ids are alliance-wide and never change
 * space, so no member can be moved.
 */
export function planDelta(targets: { members: Iterable<string>; spaces: Iterable<string> }, source: DeltaSource): DeltaPlan {
  const plan: DeltaPlan = { spaces: { upsert: [], remove: [] }, members: { upsert: [], remove: [] } };
  const removedMembers = new Set<string>();
  for (const id of new Set(targets.spaces)) {
    const row = source.publishedSpace(id);
    if (row) plan.spaces.upsert.push(row);
    else {
      plan.spaces.remove.push(id);
      for (const member of source.membersOf(id)) removedMembers.add(member);
    }
  }
  for (const id of new Set(targets.members)) {
    if (removedMembers.has(id)) continue;
    const row = source.member(id);
    if (row && source.publishedSpace(row.space_id)) plan.members.upsert.push(row);
    else removedMembers.add(id);
  }
  plan.spaces.upsert.sort(byId);
  plan.spaces.remove.sort();
  plan.members.upsert.sort(byId);
  plan.members.remove = [...removedMembers].sort();
  return plan;
}

/** The delta document's exact text. */
export function deltaText(plan: DeltaPlan, header: { from: number; sequence: number; generatedAt: string }): string {
  const ids = (list: string[]) => `[${list.map((id) => JSON.stringify(id)).join(',')}]`;
  return (
    `{"format":"${DELTA_FORMAT}","from":${header.from},"sequence":${header.sequence},"generatedAt":${JSON.stringify(header.generatedAt)},` +
    `"spaces":{"upsert":[${plan.spaces.upsert.map(spaceJson).join(',')}],"remove":${ids(plan.spaces.remove)}},` +
    `"members":{"upsert":[${plan.members.upsert.map(memberJson).join(',\n')}],"remove":${ids(plan.members.remove)}}}\n`
  );
}

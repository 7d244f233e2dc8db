import { KioskError } from '../../core/errors.js';
import type { RosterMember, RosterOutcome } from '../../core/registry/roster.js';
import type { Db } from '../../db/open.js';
import { prepared } from '../../db/prepared.js';
import { writeTx } from '../../db/write-tx.js';
import { checkCredentialsFree, setCredentialKeys, type Claim } from './credential-keys.js';
import { recordChange, type Actor, type ChangeKind } from './changes.js';
import { changedFields, diffRoster, memberRow, rosterPreview, type MemberRow } from './roster-diff.js';
import { rowName, validateMember, validatePatch, validateRoster } from './roster-input.js';
import { notYours, writableSpace } from './space-guard.js';
import { StoreRefusal } from './refusal.js';

/**
 * A space's members in the registry. Every write is for one space and touches only that space's
 * rows; ids are alliance-wide, so another space's id is refused rather than taken or moved. Each
 * accepted write logs its changes in the same transaction and returns the last change's id (null
 * when nothing changed), which the caller waits on until it is published.
 */

export interface Write {
  space: string;
  actor: Actor;
}

export type RosterResult = Omit<RosterOutcome, 'sequence'> & { changeId: number | null };

const COLUMNS = 'id, space_id, name, email, status, valid_until, credentials';

function ownerOf(db: Db, id: string): string | undefined {
  return prepared(db, 'SELECT space_id FROM members WHERE id = ?').pluck().get(id) as string | undefined;
}

function insert(db: Db, row: MemberRow, at: string): void {
  db.prepare(`INSERT INTO members (${COLUMNS}, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
    row.id,
    row.space_id,
    row.name,
    row.email,
    row.status,
    row.valid_until,
    row.credentials,
    at,
  );
  setCredentialKeys(db, row.id, JSON.parse(row.credentials) as RosterMember['credentials']);
}

function update(db: Db, row: MemberRow, at: string): void {
  db.prepare('UPDATE members SET name = ?, email = ?, status = ?, valid_until = ?, credentials = ?, updated_at = ? WHERE id = ?').run(
    row.name,
    row.email,
    row.status,
    row.valid_until,
    row.credentials,
    at,
    row.id,
  );
  setCredentialKeys(db, row.id, JSON.parse(row.credentials) as RosterMember['credentials']);
}

const memberChange = (w: Write, kind: ChangeKind, target: string, summary: string) =>
  ({ actor: w.actor, space: w.space, kind, target: { kind: 'member', id: target }, summary }) as const;

/**
 * Replaces a space's whole roster: members not sent are removed, sent ones added or changed.
 * `dryRun` says what would change and writes nothing.
 */
export function replaceRoster(db: Db, w: Write & { members: unknown; dryRun?: boolean }): RosterResult {
  const members = validateRoster(w.members, w.space);
  return writeTx(db, `space ${w.space}'s roster`, () => {
    writableSpace(db, w.space);
    const current = new Map<string, MemberRow>();
    for (const row of db.prepare(`SELECT ${COLUMNS} FROM members WHERE space_id = ?`).iterate(w.space) as Iterable<MemberRow>) current.set(row.id, row);
    // Only an id this space does not hold yet can be another space's: the first such, in the roster's order, is named.
    members.forEach((m, index) => {
      const owner = current.has(m.id) ? undefined : ownerOf(db, m.id);
      if (owner !== undefined) throw new KioskError(`${rowName(index, m)}: ${notYours(m.id, owner, w.space).message}`, 'forbidden');
    });
    const claims = new Map<string, Claim>();
    members.forEach((m, index) => {
      try {
        checkCredentialsFree(db, m.id, m.credentials, {
          claims,
          ownSpace: w.space,
          unchanged: current.get(m.id)?.credentials === JSON.stringify(m.credentials),
        });
      } catch (error) {
        if (!(error instanceof KioskError)) throw error;
        throw new KioskError(`${rowName(index, m)}: ${error.message}; nothing was changed`, error.code);
      }
    });
    const diff = diffRoster(
      current,
      members.map((m) => memberRow(w.space, m)),
    );
    const counts = { added: diff.added.length, changed: diff.changed.length, removed: diff.removed.length };
    const outcome = { ...counts, preview: rosterPreview(diff) };
    if (w.dryRun || counts.added + counts.changed + counts.removed === 0) return { ...outcome, changeId: null };
    const at = new Date().toISOString();
    const remove = db.prepare('DELETE FROM members WHERE id = ?');
    for (const row of diff.added) {
      insert(db, row, at);
      recordChange(db, memberChange(w, 'member_added', row.id, `added ${row.name}`));
    }
    for (const { row, fields } of diff.changed) {
      update(db, row, at);
      recordChange(db, memberChange(w, 'member_changed', row.id, `changed ${fields.join(', ')}`));
    }
    for (const id of diff.removed) {
      remove.run(id);
      recordChange(db, memberChange(w, 'member_removed', id, 'removed'));
    }
    const changeId = recordChange(db, {
      actor: w.actor,
      space: w.space,
      kind: 'roster_replaced',
      summary: `roster replaced: ${counts.added} added, ${counts.changed} changed, ${counts.removed} removed`,
    });
    return { ...outcome, changeId };
  });
}

/** Adds one member; an id already used anywhere in the alliance is refused, naming where. */
export function addMember(db: Db, w: Write & { member: unknown }): { changeId: number } {
  const member = validateMember(w.member, w.space);
  return writeTx(db, `member ${member.id}`, () => {
    writableSpace(db, w.space);
    const owner = ownerOf(db, member.id);
    if (owner === w.space) throw new StoreRefusal(`member ${member.id} already exists at space ${w.space}: update it instead`, 'refused', 'member_exists');
    if (owner !== undefined)
      throw new StoreRefusal(
        `member id ${member.id} is already used by space ${owner}: member ids are unique across the alliance`,
        'refused',
        'member_id_taken',
      );
    checkCredentialsFree(db, member.id, member.credentials);
    const row = memberRow(w.space, member);
    insert(db, row, new Date().toISOString());
    return { changeId: recordChange(db, memberChange(w, 'member_added', row.id, `added ${row.name}`)) };
  });
}

function ownRow(db: Db, w: Write, id: string): MemberRow {
  const row = db.prepare(`SELECT ${COLUMNS} FROM members WHERE id = ?`).get(id) as MemberRow | undefined;
  if (!row) throw new StoreRefusal(`space ${w.space} has no member ${id}`, 'not_found', 'unknown_member');
  if (row.space_id !== w.space) throw notYours(id, row.space_id, w.space);
  return row;
}

/** Changes the fields sent of one of the space's members; the others stay as they are. */
export function updateMember(db: Db, w: Write & { id: string; patch: unknown }): { changeId: number | null } {
  const patch = validatePatch(w.patch);
  return writeTx(db, `member ${w.id}`, () => {
    writableSpace(db, w.space);
    const before = ownRow(db, w, w.id);
    const after: MemberRow = {
      ...before,
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.email !== undefined && { email: patch.email }),
      ...(patch.status !== undefined && { status: patch.status }),
      ...(patch.validUntil !== undefined && { valid_until: patch.validUntil }),
      ...(patch.credentials !== undefined && { credentials: JSON.stringify(patch.credentials) }),
    };
    const fields = changedFields(before, after);
    if (!fields.length) return { changeId: null };
    if (patch.credentials !== undefined) checkCredentialsFree(db, w.id, patch.credentials);
    update(db, after, new Date().toISOString());
    return { changeId: recordChange(db, memberChange(w, 'member_changed', w.id, `changed ${fields.join(', ')}`)) };
  });
}

/** Removes one of the space's members. */
export function removeMember(db: Db, w: Write & { id: string }): { changeId: number } {
  return writeTx(db, `member ${w.id}`, () => {
    writableSpace(db, w.space);
    ownRow(db, w, w.id);
    db.prepare('DELETE FROM members WHERE id = ?').run(w.id);
    return { changeId: recordChange(db, memberChange(w, 'member_removed', w.id, 'removed')) };
  });
}

import { listKeys } from '../../core/credential-match.js';
import type { Delta } from '../../core/registry/documents.js';
import { PASS_LIFETIME_MS } from '../../core/pass/pass-verdict.js';
import type { Db } from '../../db/open.js';
import { passTrust } from '../../db/pass-trust.js';
import type { InstallableMember } from '../../db/visa-list.js';
import { readMember } from '../visa-list/feed-member.js';
import { spaceValues } from '../visa-list/list-rows.js';
import { Problems } from '../visa-list/record-problems.js';

/** A delta that cannot give what a full import of its sequence would: the kiosk syncs in full instead. */
export class DeltaRefused extends Error {}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';

/**
 * Applies checked deltas (core/registry/delta-chain.ts), in order, to the list file attached as
 * `list`, inside the caller's transaction. The result must be the list a full import of the last
 * sequence makes; where the import would have left a record out (a member of no listed space, a
 * record it cannot read, a badge two members claim, this kiosk's own space gone) that cannot be
 * known from a delta, so the delta is refused and the caller's transaction rolls back.
 */
export function applyDeltas(db: Db, deltas: readonly Delta[], options: { ownSpace: string | null; expiresAt: string }): void {
  const upsertSpace = db.prepare(
    `INSERT OR REPLACE INTO list.spaces (id, name, city, country, timezone, accepts_visitors, free_days_per_month, notice_hours, notes, day_pass_price, day_pass_currency)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const removeSpace = db.prepare('DELETE FROM list.spaces WHERE id = ?');
  const membersOfSpace = db.prepare('SELECT id FROM list.members WHERE space_id = ?').pluck();
  const removeCredentials = db.prepare('DELETE FROM list.credentials WHERE member_id = ?');
  const removeMember = db.prepare('DELETE FROM list.members WHERE id = ?');
  const insertMember = db.prepare('INSERT INTO list.members (id, space_id, name, email, status, valid_until, position) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertCredential = db.prepare('INSERT INTO list.credentials (kind, value, member_id, bits, low32, low24, folded) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const spaceExists = db.prepare('SELECT 1 FROM list.spaces WHERE id = ?').pluck();
  const info = db.prepare('SELECT members, credentials FROM list.list_info WHERE id = 1').get() as { members: number; credentials: number };
  let members = info.members;
  let credentials = info.credentials;

  const trust = passTrust(db);
  const dropMember = (id: string) => {
    credentials -= removeCredentials.run(id).changes;
    members -= removeMember.run(id).changes;
  };

  for (const delta of deltas) {
    const removed = new Set(delta.members.remove);
    for (const id of delta.spaces.remove) {
      for (const member of membersOfSpace.all(id) as string[]) {
        dropMember(member);
        removed.add(member);
      }
      removeSpace.run(id);
    }
    for (const space of delta.spaces.upsert) upsertSpace.run(...spaceValues(space));
    // Every old row goes before any new one: a badge passed from one member to another in the same delta is no clash.
    for (const id of delta.members.remove) dropMember(id);
    // Their passes stay readable for weeks: remembered as removed, they are refused.
    const at = new Date(delta.generatedAt);
    trust.removed(removed, at.toISOString(), new Date(at.getTime() - PASS_LIFETIME_MS).toISOString());
    for (const member of delta.members.upsert) dropMember(member.id);
    const problems = new Problems();
    delta.members.upsert.forEach((raw, index) => {
      const member: InstallableMember | null = readMember(raw, index, problems);
      if (!member) throw new DeltaRefused(`the delta to sequence ${delta.sequence} has a record the kiosk cannot use (${problems.first[0]})`);
      if (!spaceExists.get(member.spaceId))
        throw new DeltaRefused(`the delta to sequence ${delta.sequence} lists member ${member.id} of space "${member.spaceId}", which the list does not have`);
      try {
        insertMember.run(member.id, member.spaceId, member.name, member.email, member.status, member.validUntil, index);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new DeltaRefused(`the delta to sequence ${delta.sequence} lists member ${member.id} twice`);
      }
      members++;
      for (const c of member.credentials) {
        const keys = listKeys(c);
        try {
          insertCredential.run(c.kind, c.value, member.id, c.bits, keys.low32, keys.low24, keys.folded);
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          throw new DeltaRefused(`the delta to sequence ${delta.sequence} gives member ${member.id} a badge another member holds`);
        }
        credentials++;
      }
    });
  }
  if (options.ownSpace !== null && !spaceExists.get(options.ownSpace)) throw new DeltaRefused(`the deltas remove this kiosk's own space "${options.ownSpace}"`);
  const last = deltas.at(-1)!;
  db.prepare(
    'UPDATE list.list_info SET sequence = ?, generated_at = ?, expires_at = ?, spaces = (SELECT count(*) FROM list.spaces), members = ?, credentials = ? WHERE id = 1',
  ).run(last.sequence, last.generatedAt, options.expiresAt, members, credentials);
}

import { credentialLabel, type ListCredential } from '../../core/credential-match.js';
import { KioskError } from '../../core/errors.js';
import { CREDENTIAL_COLUMNS, CREDENTIALS_KEY_INDEX, MEMBERS_KEY_INDEX } from '../../db/list-file.js';
import type { Db } from '../../db/open.js';
import { finish, inserter, type ListHeader } from './list-rows.js';
import { parseMembersCsv } from './members-csv.js';

/** A CSV replaces the members of the spaces it lists and keeps everything else of the installed list. */
export function buildFromCsv(db: Db, bytes: Uint8Array) {
  const spaces = new Set(db.prepare('SELECT id FROM current.spaces').pluck().all() as string[]);
  const csv = parseMembersCsv(bytes, spaces);
  const listed = JSON.stringify(csv.spaces);
  db.exec('INSERT INTO spaces SELECT * FROM current.spaces');
  db.prepare('INSERT INTO members SELECT * FROM current.members WHERE space_id NOT IN (SELECT value FROM json_each(?))').run(listed);
  db.prepare(
    `INSERT INTO credentials (${CREDENTIAL_COLUMNS}) SELECT ${CREDENTIAL_COLUMNS.replace(/(^|, )/g, '$1c.')} FROM current.credentials c JOIN current.members m ON m.id = c.member_id WHERE m.space_id NOT IN (SELECT value FROM json_each(?))`,
  ).run(listed);
  // Every column: the current list file may predate expires_at.
  const current = db.prepare('SELECT * FROM current.list_info').get() as { sequence: number | null; generated_at: string | null; expires_at?: string | null };
  const header: ListHeader = { sequence: current.sequence, generatedAt: current.generated_at, expiresAt: current.expires_at ?? null };
  const insert = inserter(db);
  csv.members.forEach((member, i) => insert.member(member, i));
  insert.flush();
  const clashingIds = db.prepare('SELECT id FROM members GROUP BY id HAVING count(*) > 1 LIMIT 3').pluck().all() as string[];
  if (clashingIds.length > 0)
    throw new KioskError(`the CSV was refused: member id ${clashingIds.join(', ')} already belongs to another space`, 'invalid', {
      detail: { what: 'csv_id_elsewhere', ids: clashingIds },
    });
  db.exec(MEMBERS_KEY_INDEX);
  try {
    db.exec(CREDENTIALS_KEY_INDEX);
  } catch {
    const clash = db
      .prepare(
        `SELECT kind, value, max(bits) AS bits, group_concat(member_id, ', ') AS holders FROM credentials GROUP BY kind, value HAVING count(*) > 1 LIMIT 3`,
      )
      .all() as (ListCredential & { holders: string })[];
    throw new KioskError(`the CSV was refused: ${clash.map((c) => `${credentialLabel(c)} would be held by members ${c.holders}`).join('; ')}`, 'invalid', {
      detail: { what: 'csv_shared_credential', shared: clash.map((c) => ({ credential: credentialLabel(c), holders: c.holders.split(', ') })) },
    });
  }
  return finish(db, header);
}

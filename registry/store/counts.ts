import type { Db } from '../../db/open.js';

export interface RegistryCounts {
  sequence: number;
  spaces: number;
  members: number;
  kiosks: number;
  lastPublishedAt: string | null;
}

/** What `registry status` reports: the latest publication and what the registry holds now. */
export function registryCounts(db: Db): RegistryCounts {
  const last = db.prepare('SELECT sequence, generated_at AS at FROM publications ORDER BY sequence DESC LIMIT 1').get() as
    { sequence: number; at: string } | undefined;
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  return {
    sequence: last?.sequence ?? 0,
    spaces: count("SELECT count(*) FROM spaces WHERE state != 'removed'"),
    members: count("SELECT count(*) FROM members JOIN spaces ON spaces.id = members.space_id WHERE spaces.state != 'removed'"),
    kiosks: count("SELECT count(*) FROM kiosks JOIN spaces ON spaces.id = kiosks.space_id WHERE kiosks.revoked_at IS NULL AND spaces.state != 'removed'"),
    lastPublishedAt: last ? new Date(last.at).toISOString() : null,
  };
}

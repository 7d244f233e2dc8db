import type { Db } from '../../db/open.js';
import type { KioskOverview, PublicationOverview, SpaceOverview } from '../../core/registry/console-api.js';

/** Spaces still in the alliance, each with its member and kiosk counts and its kiosks' latest sign of life. */
export function spacesOverview(db: Db): SpaceOverview[] {
  return db
    .prepare(
      `SELECT s.id, s.name, s.city, s.country, s.timezone, s.state,
         (SELECT count(*) FROM members m WHERE m.space_id = s.id) AS members,
         (SELECT count(*) FROM kiosks k WHERE k.space_id = s.id AND k.revoked_at IS NULL) AS kiosks,
         (SELECT max(k.last_seen_at) FROM kiosks k WHERE k.space_id = s.id AND k.revoked_at IS NULL) AS lastSeenAt
       FROM spaces s WHERE s.state != 'removed' ORDER BY s.id`,
    )
    .all() as SpaceOverview[];
}

/** Every kiosk of a space still in the alliance, the longest silent first, so one that stopped syncing stands out. */
export function kiosksOverview(db: Db): KioskOverview[] {
  const rows = db
    .prepare(
      `SELECT k.id, k.space_id AS spaceId, s.name AS spaceName, k.name, k.enrolled_at AS enrolledAt, k.last_seen_at AS lastSeenAt, k.revoked_at AS revokedAt
       FROM kiosks k JOIN spaces s ON s.id = k.space_id WHERE s.state != 'removed'
       ORDER BY k.revoked_at IS NOT NULL, coalesce(k.last_seen_at, '') , k.space_id`,
    )
    .all() as (Omit<KioskOverview, 'revoked'> & { revokedAt: string | null })[];
  return rows.map(({ revokedAt, ...kiosk }) => ({ ...kiosk, revoked: revokedAt !== null }));
}

export const PAGE_SIZE = 50;

/** Publications newest first, a page at a time (`before` a sequence). */
export function publicationsOverview(db: Db, before?: number): PublicationOverview[] {
  return db
    .prepare(
      `SELECT sequence, generated_at AS generatedAt, spaces, members, feed_bytes AS feedBytes, gz_bytes AS gzBytes, delta_bytes AS deltaBytes, changes
       FROM publications WHERE sequence < ? ORDER BY sequence DESC LIMIT ?`,
    )
    .all(before ?? Number.MAX_SAFE_INTEGER, PAGE_SIZE) as PublicationOverview[];
}

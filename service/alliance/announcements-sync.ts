import { z } from 'zod';
import { KioskError } from '../../core/errors.js';
import { LocalDate } from '../../core/vocabulary.js';
import { announcedVisits } from '../../db/announced-visits.js';
import type { AllianceState } from '../../db/alliance-state.js';
import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/write-tx.js';
import { kioskKeyFile, readKioskKey } from './kiosk-key.js';
import { RegistryClient, type ClientOptions } from './registry-client.js';

const Page = z.object({
  cursor: z.number().int().nonnegative(),
  announcements: z.array(
    z.object({ id: z.string().min(1).max(100), memberId: z.string().min(1).max(200), date: LocalDate, announcedAt: z.iso.datetime(), cancelled: z.boolean() }),
  ),
});

/** Pages a sync takes at most; the rest waits for the next sync. */
const MAX_PAGES = 20;

/**
 * The visits members announced to this kiosk's space at the registry since the last sync, kept as
 * expected visits (registry/http/announce-routes.ts gives them by cursor). Each page is applied
 * with its cursor in one transaction, so a failure halfway leaves nothing half-applied and the
 * next sync goes on from the last page kept. Returns how many changes were applied.
 */
export async function syncAnnouncements(db: Db, state: AllianceState, client?: ClientOptions): Promise<number> {
  const visits = announcedVisits(db);
  const registry = new RegistryClient(state.registryUrl, { kioskId: state.kioskId, key: readKioskKey(kioskKeyFile(db.name)) }, client);
  let applied = 0;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const since = visits.cursor();
      const answer = Page.safeParse(await registry.json('GET', `/v1/announcements?since=${since}`));
      if (!answer.success) throw new KioskError("the registry's announced visits are not in their format", 'refused');
      const { cursor, announcements } = answer.data;
      if (announcements.length === 0 || cursor <= since) break;
      writeTx(db, 'the announced visits', () => visits.apply(announcements, cursor));
      applied += announcements.length;
    }
  } finally {
    await registry.close();
  }
  return applied;
}

import path from 'node:path';
import { expect } from 'vitest';
import { Kiosk } from '../../service/kiosk';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';

/** Kiosks on real database files, in folders removed after each test. */
export function useServiceKiosk() {
  const tempDir = useTempDir();
  /** A kiosk at `space` with `feed` installed, whose clock the test sets. */
  async function kiosk(space = 'harbour', feed = smallFeed()) {
    const clock = { now: new Date('2026-11-21T10:00:00Z') };
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'), { now: () => clock.now });
    await service.visaList.importFeed({ feed: feedBytes(feed) });
    service.settings.set({ key: 'space.id', value: space });
    return { service, clock, at: (iso: string) => ({ at: new Date(iso) }) };
  }
  return { tempDir, kiosk };
}

export const visitCount = (service: Kiosk) => (service.db.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n;

/** The small feed's list is still the one installed, and still decides. */
export function expectUnchanged(service: Kiosk, sequence = 10) {
  expect(service.visaList.status()).toMatchObject({ sequence, spaces: 4, members: 6, credentials: 8 });
  expect(service.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted' });
}

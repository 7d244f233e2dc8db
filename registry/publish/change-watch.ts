import type { Db } from '../../db/open.js';
import { lastUnpublishedChange } from '../store/changes.js';
import type { Publisher } from './publisher.js';

/**
 * Changes made outside the running server's own writes (`registry space …` in another process,
 * the coordinator's console) have nobody waiting on them: look for unpublished ones now and then
 * and publish them. A cheap indexed read (`changes_unpublished`). `before` runs first on each
 * look (a rotated key is taken up before the publication that announces it).
 */
export function watchChanges(db: Db, publisher: Publisher, { everyMs = 2000, before = async () => {} } = {}): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void before()
      .then(() => {
        if (lastUnpublishedChange(db) !== null) publisher.nudge();
      })
      .finally(() => (busy = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

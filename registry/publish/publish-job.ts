import type { Db } from '../../db/open.js';
import { prune } from './pub-files.js';
import { publish, type Published } from './publication.js';
import type { SigningKey } from './sign.js';

/** What one run of the publisher asks for: the key to sign with, the time, and how long deltas are kept. */
export interface PublishJob {
  signing: SigningKey;
  now: Date;
  retentionDays: number;
}

export interface PublishOutcome {
  published: Published | null;
  /** Why old files could not be removed, when they could not: the publication stands, the next one tries again. */
  pruneProblem: string | null;
}

const DAY_MS = 86_400_000;

/** One publication, then the files it makes superfluous removed (every full feed but the latest, deltas past retention). */
export async function publishAndPrune(db: Db, reader: Db, folder: string, job: PublishJob): Promise<PublishOutcome> {
  const published = await publish({ db, reader, folder, signing: job.signing, now: job.now });
  if (!published) return { published, pruneProblem: null };
  const since = new Date(job.now.getTime() - job.retentionDays * DAY_MS).toISOString();
  const kept = db.prepare('SELECT 1 FROM publications WHERE sequence = ? AND generated_at >= ?').pluck();
  try {
    prune(folder, published.sequence, (sequence) => kept.get(sequence, since) !== undefined);
    return { published, pruneProblem: null };
  } catch (error) {
    return { published, pruneProblem: (error as Error).message };
  }
}

import fs from 'node:fs';
import { z } from 'zod';
import { credentialLabel, type ListCredential } from '../../core/credential-match.js';
import { KioskError, type UnusableFeed } from '../../core/errors.js';
import { FeedHeader } from '../../core/feed.js';
import { describeIssue } from '../../core/schema-messages.js';
import { cannotRead, CREDENTIALS_KEY_INDEX, MEMBERS_KEY_INDEX } from '../../db/list-file.js';
import type { Db } from '../../db/open.js';
import type { BuildJob } from './build-job.js';
import { scanRecords, type Header } from './feed-records.js';
import type { FeedReader } from './feed-window.js';
import { finish, inserter, type ListHeader } from './list-rows.js';
import { addOrphan, type Problems } from './record-problems.js';

/**
 * Cross-record rules, in SQL so they scale: a member of a space the list does not have is left
 * out, and a credential claimed by two members is given to neither.
 */
function dropOrphansAndSharedCredentials(db: Db, problems: Problems): void {
  const orphans = db.prepare('SELECT id, space_id AS space, position FROM members WHERE space_id NOT IN (SELECT id FROM spaces)').all() as {
    id: string;
    space: string;
    position: number;
  }[];
  for (const o of orphans) addOrphan(problems, o.position, o.id, o.space);
  if (orphans.length > 0) {
    db.exec('DELETE FROM credentials WHERE member_id IN (SELECT id FROM members WHERE space_id NOT IN (SELECT id FROM spaces))');
    db.exec('DELETE FROM members WHERE space_id NOT IN (SELECT id FROM spaces)');
  }
  try {
    db.exec(CREDENTIALS_KEY_INDEX);
  } catch {
    const shared = db
      .prepare("SELECT kind, value, max(bits) AS bits, group_concat(member_id, ', ') AS holders FROM credentials GROUP BY kind, value HAVING count(*) > 1")
      .all() as (ListCredential & { holders: string })[];
    for (const s of shared)
      problems.add(`credential ${credentialLabel(s)} is claimed by members ${s.holders}: given to neither`, {
        what: 'shared_credential',
        credential: credentialLabel(s),
        holders: s.holders.split(', '),
      });
    db.exec('DELETE FROM credentials WHERE (kind, value) IN (SELECT kind, value FROM credentials GROUP BY kind, value HAVING count(*) > 1)');
    db.exec(CREDENTIALS_KEY_INDEX);
  }
}

/**
 * Thrown by a build that found a member id listed twice only when it made the members' key:
 * the build starts over, keeping every id seen, to skip the later records and name them.
 */
export class IdListedTwice extends Error {}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';

/** The header as the scanner leaves it: its own fields, and each list's length (the scanner refuses a list that is not one). */
const ScannedHeader = FeedHeader.extend({
  spaces: z.number({ error: 'is missing: a feed lists its spaces' }),
  members: z.number({ error: 'is missing: a feed lists its members' }),
});

/** The feed's own fields, once its records are read. */
export function checkHeader(
  header: Header,
  spaces: number,
  problems: Problems,
  job: BuildJob,
): { sequence: number; generatedAt: string; expiresAt: string | null; members: number } {
  const checked = ScannedHeader.safeParse(header);
  if (!checked.success)
    throw new KioskError(`the feed was refused: ${checked.error.issues.map(describeIssue).join('; ')}`, 'invalid', { detail: { what: 'feed_invalid' } });
  const { sequence, generatedAt, expiresAt, members } = checked.data;
  if (spaces === 0) throw unusable(problems, `the feed was refused: it lists no usable space`, '', { why: 'no_space' });
  if (job.installedSequence !== null && sequence < job.installedSequence) {
    throw new KioskError(`the feed's sequence ${sequence} is older than the installed list's ${job.installedSequence}: a roll-back is refused`, 'refused', {
      detail: { what: 'list_rollback' },
    });
  }
  return { sequence, generatedAt, expiresAt: expiresAt ?? null, members };
}

/** Keys and cross-record rules, once every row is in. */
export function finishFeed(db: Db, problems: Problems, exact: boolean, header: ListHeader & { members: number }, job: BuildJob) {
  try {
    db.exec(MEMBERS_KEY_INDEX);
  } catch (error) {
    if (!exact && isUniqueViolation(error)) throw new IdListedTwice();
    throw error;
  }
  dropOrphansAndSharedCredentials(db, problems);
  refuseUnusable(db, problems, header.members, job.ownSpace);
  return finish(db, { sequence: header.sequence, generatedAt: header.generatedAt, expiresAt: header.expiresAt });
}

/**
 * Skipping bad records keeps a list going, but not a list that would stop the kiosk: one without
 * this kiosk's own space, or one whose members were all skipped (every badge would be unknown).
 */
function refuseUnusable(db: Db, problems: Problems, listed: number, ownSpace: string | null): void {
  if (ownSpace !== null && !db.prepare('SELECT 1 FROM spaces WHERE id = ?').get(ownSpace)) {
    throw unusable(problems, `the feed was refused: it has no usable record of this kiosk's space "${ownSpace}"`, '; check-ins go on with the installed list', {
      why: 'no_own_space',
      space: ownSpace,
    });
  }
  const members = (db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;
  if (listed > 0 && members === 0)
    throw unusable(problems, `the feed was refused: none of its ${listed} members is usable`, '; check-ins go on with the installed list', {
      why: 'no_member',
      listed,
    });
}

/** The refusal of a feed that would stop the kiosk, naming the record problem behind it: the own space's record when it has one, else the first. */
function unusable(problems: Problems, message: string, after: string, why: UnusableFeed): KioskError {
  const own =
    why.why === 'no_own_space' ? problems.details.findIndex((p) => p.what !== 'shared_credential' && p.at.list === 'spaces' && p.at.id === why.space) : -1;
  const index = own >= 0 ? own : problems.first.length > 0 ? 0 : -1;
  const named = index >= 0 ? ` (${problems.first[index]})` : '';
  return new KioskError(`${message}${named}${after}`, 'invalid', {
    detail: { what: 'feed_unusable', unusable: why, record: index >= 0 ? problems.details[index]! : null },
  });
}

export function buildFromFeed(db: Db, source: Uint8Array | FeedReader, job: BuildJob, problems: Problems, exact: boolean) {
  const { header, spaces } = scanRecords(source, inserter(db), problems, exact);
  return finishFeed(db, problems, exact, checkHeader(header, spaces, problems, job), job);
}

/** Reads a feed file a window at a time, from its start, through an open descriptor. */
export function fileReader(fd: number, file: string): FeedReader {
  let position = 0;
  return (into, offset, length) => {
    try {
      const n = fs.readSync(fd, into, offset, length, position);
      position += n;
      return n;
    } catch (error) {
      throw cannotRead(file, error);
    }
  };
}

import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { FEED_FORMAT } from '../../core/feed.js';
import type { Db } from '../../db/open.js';
import { fsyncFile } from '../../db/durable.js';
import { MEMBER_JSON_SQL, PUBLISHED_SPACE, SPACE_COLUMNS, spaceJson, type SpaceRow } from './feed-text.js';

export interface FileFacts {
  sha256: string;
  bytes: number;
}

export interface WrittenFeed {
  feed: FileFacts;
  feedGz: FileFacts;
  spaces: number;
  members: number;
}

/** Text is gathered into pieces of about this size before it is written. */
const CHUNK = 64 * 1024;
/** How far the writer may run ahead of the disk and of gzip: a few chunks, so reading rows and compressing overlap. */
const AHEAD = 1024 * 1024;

/** Members per page: about one chunk of text; longer pages made SQLite's concatenation slower again. */
const PAGE = 250;

/**
 * The next page of published members after an id, in id order, as feed text. SQLite joins a
 * page's rows (in the order the inner query gives them), so JavaScript handles one string per
 * 250 members; the `+` keeps SQLite walking the id index rather than the space index and a sort.
 */
const MEMBER_PAGE_SQL = `SELECT max(id) AS last, count(*) AS count, group_concat(json, ',\n') AS text FROM (
  SELECT m.id AS id, ${MEMBER_JSON_SQL} AS json FROM members m
  WHERE +m.space_id IN (SELECT id FROM spaces WHERE ${PUBLISHED_SPACE}) AND m.id > ? ORDER BY m.id LIMIT ${PAGE})`;

interface MemberPage {
  last: string | null;
  count: number;
  text: string | null;
}

/** Hashes and counts the bytes passing through. */
function tap(hash: Hash, count: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      count.bytes += chunk.length;
      done(null, chunk);
    },
  });
}

/**
 * Writes the full feed, ordered by member id, to `feedFile` and its gzip copy to `gzFile`,
 * streaming rows from `reader` (a read transaction the caller holds, so the feed is one
 * snapshot). Both are hashed as they are written and waited on when the disk is slower than the
 * database, so memory stays flat however many members there are. Both files are fsynced.
 */
export async function writeFeedFiles(reader: Db, header: { sequence: number; generatedAt: string }, feedFile: string, gzFile: string): Promise<WrittenFeed> {
  const feedHash = createHash('sha256');
  const gzHash = createHash('sha256');
  const gzCount = { bytes: 0 };
  const out = fs.createWriteStream(feedFile, { mode: 0o600, highWaterMark: AHEAD });
  const toGzip = new PassThrough({ highWaterMark: AHEAD });
  const gzDone = pipeline(toGzip, zlib.createGzip(), tap(gzHash, gzCount), fs.createWriteStream(gzFile, { mode: 0o600 }));
  // A failure of the gzip side is thrown where the writer waits, not as an unhandled rejection.
  gzDone.catch(() => undefined);
  const outFailed = new Promise<never>((_, reject) => out.once('error', reject));
  outFailed.catch(() => undefined);
  let bytes = 0;
  let pending = '';

  const flush = async () => {
    if (!pending) return;
    const chunk = Buffer.from(pending);
    pending = '';
    feedHash.update(chunk);
    bytes += chunk.length;
    // Both waits are taken at once: a drain that comes while the other side is awaited would be missed.
    const waits: Promise<unknown>[] = [];
    if (!out.write(chunk)) waits.push(Promise.race([once(out, 'drain'), outFailed]));
    if (!toGzip.write(chunk)) waits.push(Promise.race([once(toGzip, 'drain'), gzDone]));
    await Promise.all(waits);
  };
  const put = async (text: string) => {
    pending += text;
    if (pending.length >= CHUNK) await flush();
  };

  try {
    const spaces = reader.prepare(`SELECT ${SPACE_COLUMNS} FROM spaces WHERE ${PUBLISHED_SPACE} ORDER BY id`).all() as SpaceRow[];
    await put(`{"format":"${FEED_FORMAT}","sequence":${header.sequence},"generatedAt":${JSON.stringify(header.generatedAt)},"spaces":[\n`);
    await put(spaces.map(spaceJson).join(',\n'));
    await put('\n],"members":[\n');
    let members = 0;
    const pages = reader.prepare(MEMBER_PAGE_SQL);
    for (let after = ''; ;) {
      const page = pages.get(after) as MemberPage;
      if (page.last === null) break;
      await put(`${members ? ',\n' : ''}${page.text}`);
      members += page.count;
      after = page.last;
    }
    await put('\n]}\n');
    await flush();
    out.end();
    toGzip.end();
    await Promise.all([Promise.race([once(out, 'finish'), outFailed]), gzDone]);
    fsyncFile(feedFile);
    fsyncFile(gzFile);
    return {
      feed: { sha256: feedHash.digest('hex'), bytes },
      feedGz: { sha256: gzHash.digest('hex'), bytes: gzCount.bytes },
      spaces: spaces.length,
      members,
    };
  } catch (error) {
    out.destroy();
    toGzip.destroy();
    throw error;
  }
}

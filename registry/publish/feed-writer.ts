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

/** Text is gathered into pieces of about this size before it is written: each is one job for gzip's pool thread. */
const CHUNK = 256 * 1024;
/** How far the writer may run ahead of the disk and of gzip: a few chunks, so reading rows and compressing overlap. */
const AHEAD = 4 * CHUNK;
/** gzip's output buffer: a chunk compresses to about 18 kB, so one pass of the pool thread per chunk. */
const GZIP_OUT = 64 * 1024;

/** Members per page: about 60 kB of text; longer pages made SQLite's concatenation slower again. */
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
  const gzDone = pipeline(toGzip, zlib.createGzip({ chunkSize: GZIP_OUT }), tap(gzHash, gzCount), fs.createWriteStream(gzFile, { mode: 0o600 }));
  // A failure of the gzip side is thrown where the writer waits, not as an unhandled rejection.
  gzDone.catch(() => undefined);
  const outFailed = new Promise<never>((_, reject) => out.once('error', reject));
  outFailed.catch(() => undefined);
  let bytes = 0;
  // Gathered as bytes, not as one string: a string this long is made in V8's large-object space,
  // which only a full collection empties, and the heap grew by a chunk for every chunk written.
  let pending: Buffer[] = [];
  let pendingBytes = 0;

  const flush = async () => {
    if (!pendingBytes) return;
    const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    feedHash.update(chunk);
    bytes += chunk.length;
    // Both waits are taken at once: a drain that comes while the other side is awaited would be missed.
    const waits: Promise<unknown>[] = [];
    if (!out.write(chunk)) waits.push(Promise.race([once(out, 'drain'), outFailed]));
    if (!toGzip.write(chunk)) waits.push(Promise.race([once(toGzip, 'drain'), gzDone]));
    await Promise.all(waits);
    // gzip's pool thread is handed its next piece from this thread's event loop: without a turn of
    // it here, reading rows (synchronous) and compressing took turns instead of overlapping.
    if (!waits.length) await new Promise((resolve) => setImmediate(resolve));
  };
  const put = async (text: string) => {
    const piece = Buffer.from(text);
    pending.push(piece);
    pendingBytes += piece.length;
    if (pendingBytes >= CHUNK) await flush();
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

import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST_FORMAT, type Manifest } from '../../core/registry/documents.js';
import { fsyncFile, fsyncFolder } from '../../db/durable.js';
import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/write-tx.js';
import { FEED_CHANGE, markPublished } from '../store/changes.js';
import type { MemberRow } from '../store/roster-diff.js';
import { deltaText, planDelta } from './delta.js';
import { MEMBER_COLUMNS, PUBLISHED_SPACE, SPACE_COLUMNS, type SpaceRow } from './feed-text.js';
import { writeFeedFiles } from './feed-writer.js';
import { deltaName, feedName, gzName, manifestName, removeStrays, tempName } from './pub-files.js';
import { envelopeText, sha256Hex, type SigningKey } from './sign.js';
import { writeTimestamp } from './timestamp.js';

export interface Published {
  sequence: number;
  /** The newest change it carries. */
  upTo: number;
  changes: number;
  manifestSha256: string;
}

export interface PublicationContext {
  /** The registry's connection, for the publication's row. */
  db: Db;
  /** A read-only connection of the publisher's own: the feed is streamed from one snapshot while writes go on. */
  reader: Db;
  folder: string;
  signing: SigningKey;
  now: Date;
}

function writeDurable(file: string, text: string): void {
  fs.writeFileSync(file, text, { mode: 0o600 });
  fsyncFile(file);
}

/**
 * The unpublished changes in the reader's snapshot: the newest one, how many alter the feed, and
 * what the delta must carry (`targets`: only when there is a delta to make; a first publication
 * may carry a million members).
 */
function pendingChanges(reader: Db, targets: boolean) {
  const members = new Set<string>();
  const spaces = new Set<string>();
  let upTo = 0;
  let count = 0;
  let feedChanges = 0;
  for (const c of reader
    .prepare(`SELECT id, target_kind, target, ${FEED_CHANGE} AS feed FROM changes WHERE published_in IS NULL ORDER BY id`)
    .iterate() as Iterable<{
    id: number;
    target_kind: string | null;
    target: string | null;
    feed: number;
  }>) {
    upTo = c.id;
    count++;
    feedChanges += c.feed;
    if (!targets || !c.feed) continue;
    if (c.target_kind === 'member' && c.target) members.add(c.target);
    if (c.target_kind === 'space' && c.target) spaces.add(c.target);
  }
  return { members, spaces, upTo, count, feedChanges };
}

function deltaFrom(reader: Db, targets: { members: Set<string>; spaces: Set<string> }, header: { from: number; sequence: number; generatedAt: string }) {
  const space = reader.prepare(`SELECT ${SPACE_COLUMNS} FROM spaces WHERE id = ? AND ${PUBLISHED_SPACE}`);
  const member = reader.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE id = ?`);
  const membersOf = reader.prepare('SELECT id FROM members WHERE space_id = ?').pluck();
  return deltaText(
    planDelta(targets, {
      publishedSpace: (id) => space.get(id) as SpaceRow | undefined,
      member: (id) => member.get(id) as MemberRow | undefined,
      membersOf: (id) => membersOf.all(id) as string[],
    }),
    header,
  );
}

/**
 * One publication: the changes not yet published become the next sequence. Every file is written
 * under a temporary name and fsynced, then renamed into place, and the publication's row (with
 * the changes it carries) is committed last, so a crash at any point leaves the previous
 * publication whole and this one to be made again. The timestamp follows the commit. Null when
 * no change alters the feed, or there is no space to publish.
 */
export async function publish(ctx: PublicationContext): Promise<Published | null> {
  const { reader, folder } = ctx;
  const generatedAt = ctx.now.toISOString();
  let written: string[] = [];
  let last = 0;
  reader.exec('BEGIN');
  try {
    last = (reader.prepare('SELECT max(sequence) FROM publications').pluck().get() as number | null) ?? 0;
    const pending = pendingChanges(reader, last > 0);
    const spaces = reader.prepare(`SELECT count(*) FROM spaces WHERE ${PUBLISHED_SPACE}`).pluck().get() as number;
    if (pending.feedChanges === 0 || spaces === 0) return null;
    const sequence = last + 1;
    const temp = (name: string) => path.join(folder, tempName(name));
    const names = [feedName(sequence), gzName(sequence), manifestName(sequence)];
    written = names.map(temp);
    let delta: Manifest['delta'] = null;
    if (last > 0) {
      const text = deltaFrom(reader, pending, { from: last, sequence, generatedAt });
      names.push(deltaName(sequence));
      written.push(temp(deltaName(sequence)));
      writeDurable(temp(deltaName(sequence)), text);
      delta = { from: last, sha256: sha256Hex(text), bytes: Buffer.byteLength(text) };
    }
    const feed = await writeFeedFiles(reader, { sequence, generatedAt }, temp(feedName(sequence)), temp(gzName(sequence)));
    reader.exec('COMMIT');

    const manifest: Manifest = { format: MANIFEST_FORMAT, sequence, generatedAt, keyVersion: ctx.signing.version, feed: feed.feed, feedGz: feed.feedGz, delta };
    const manifestText = envelopeText(manifest, ctx.signing.key);
    const manifestSha256 = sha256Hex(manifestText);
    writeDurable(temp(manifestName(sequence)), manifestText);
    for (const name of names) fs.renameSync(temp(name), path.join(folder, name));
    written = names.map((name) => path.join(folder, name));
    fsyncFolder(folder);

    writeTx(ctx.db, `publication ${sequence}`, () => {
      ctx.db
        .prepare(
          `INSERT INTO publications (sequence, generated_at, spaces, members, feed_sha256, feed_bytes, gz_sha256, gz_bytes, delta_sha256, delta_bytes, manifest_sha256, changes)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          sequence,
          generatedAt,
          feed.spaces,
          feed.members,
          feed.feed.sha256,
          feed.feed.bytes,
          feed.feedGz.sha256,
          feed.feedGz.bytes,
          delta?.sha256 ?? null,
          delta?.bytes ?? null,
          manifestSha256,
          pending.count,
        );
      markPublished(ctx.db, pending.upTo, sequence);
    });
    written = [];
    writeTimestamp(folder, { sequence, manifestSha256 }, ctx.signing, ctx.now);
    return { sequence, upTo: pending.upTo, changes: pending.count, manifestSha256 };
  } finally {
    if (reader.inTransaction) reader.exec('ROLLBACK');
    if (written.length) removeStrays(folder, last);
  }
}

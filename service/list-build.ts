import Database from 'better-sqlite3';
import fs from 'node:fs';
import { normaliseCredential, low32 } from '../core/credentials.js';
import { KioskError } from '../core/errors.js';
import { FEED_FORMAT, FeedMember, FeedSpace } from '../core/feed.js';
import { describeIssue } from '../core/schema-messages.js';
import { createListFile, CREDENTIALS_KEY_INDEX, LIST_INDEXES, sealListFile } from '../db/list-file.js';
import type { Db } from '../db/open.js';
import type { InstallableMember } from '../db/visa-list.js';
import { scanFeed } from './feed-scan.js';
import { verifyFeedSignature } from './feed-signature.js';
import { parseMembersCsv } from './members-csv.js';

/** Everything a build needs, plain data, so it can be posted to a worker thread. */
export interface BuildJob {
  format: 'feed' | 'csv';
  bytes: Uint8Array;
  signature: string | null;
  publicKeyPem: string | null;
  /** Where to build the new list. */
  listFile: string;
  /** The installed list: a CSV keeps every space and every other space's members from it. */
  currentListFile: string;
  installedSequence: number | null;
}

export interface BuildOutcome {
  listFile: string;
  sequence: number | null;
  generatedAt: string | null;
  spaces: number;
  members: number;
  credentials: number;
  signed: boolean;
  /** Records left out of the list, and why (the first few; `skipped` counts them all). */
  skipped: number;
  problems: string[];
}

const PROBLEMS_KEPT = 20;

/** Collects what was wrong with individual records: counted always, spelled out for the first few. */
class Problems {
  count = 0;
  readonly first: string[] = [];
  add(message: string): void {
    this.count++;
    if (this.first.length < PROBLEMS_KEPT) this.first.push(message);
  }
}

function inserter(db: Db) {
  const space = db.prepare(
    `INSERT INTO spaces (id, name, city, country, timezone, accepts_visitors, free_days_per_month, notice_hours, notes, day_pass_price, day_pass_currency)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const member = db.prepare('INSERT INTO members (id, space_id, name, email, status, valid_until, position) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const credential = db.prepare('INSERT INTO credentials (kind, value, member_id, low32) VALUES (?, ?, ?, ?)');
  return {
    space(s: FeedSpace): void {
      space.run(s.id, s.name, s.city, s.country, s.timezone, s.visa.accepts ? 1 : 0, s.visa.freeDaysPerMonth, s.visa.noticeHours, s.visa.notes, s.dayPass?.price ?? null, s.dayPass?.currency ?? null);
    },
    member(m: InstallableMember, position: number): void {
      member.run(m.id, m.spaceId, m.name, m.email, m.status, m.validUntil, position);
      for (const c of m.credentials) credential.run(c.kind, c.value, m.id, c.kind === 'rfid' ? low32(c.value) : null);
    },
  };
}

/** A member record from a feed, checked on its own: schema, then credentials in canonical form. */
function readMember(raw: unknown, index: number, problems: Problems): InstallableMember | null {
  const parsed = FeedMember.safeParse(raw);
  const id = typeof (raw as { id?: unknown })?.id === 'string' ? ` (${(raw as { id: string }).id})` : '';
  if (!parsed.success) {
    problems.add(`members[${index}]${id}.${describeIssue(parsed.error.issues[0]!)}`);
    return null;
  }
  const member = parsed.data;
  const credentials = new Map<string, { kind: 'rfid' | 'barcode'; value: string }>();
  for (const [j, c] of member.credentials.entries()) {
    const normalised = normaliseCredential(c.kind, c.value);
    if (!normalised.ok) {
      problems.add(`members[${index}]${id}.credentials[${j}]: ${normalised.error}`);
      return null;
    }
    credentials.set(`${c.kind}:${normalised.credential.value}`, { kind: c.kind, value: normalised.credential.value });
  }
  return { id: member.id, spaceId: member.space, name: member.name, email: member.email, status: member.status, validUntil: member.validUntil ?? null, credentials: [...credentials.values()] };
}

/**
 * Cross-record rules, in SQL so they scale: a member of a space the list does not have is left
 * out, and a credential claimed by two members is given to neither.
 */
function dropOrphansAndSharedCredentials(db: Db, problems: Problems): void {
  const orphans = db.prepare('SELECT id, space_id AS space, position FROM members WHERE space_id NOT IN (SELECT id FROM spaces)').all() as { id: string; space: string; position: number }[];
  for (const o of orphans) problems.add(`members[${o.position}] (${o.id}).space: "${o.space}" is not one of the feed's spaces`);
  if (orphans.length > 0) {
    db.exec('DELETE FROM credentials WHERE member_id IN (SELECT id FROM members WHERE space_id NOT IN (SELECT id FROM spaces))');
    db.exec('DELETE FROM members WHERE space_id NOT IN (SELECT id FROM spaces)');
  }
  try {
    db.exec(CREDENTIALS_KEY_INDEX);
  } catch {
    const shared = db.prepare('SELECT kind, value, group_concat(member_id, \', \') AS holders FROM credentials GROUP BY kind, value HAVING count(*) > 1').all() as { kind: string; value: string; holders: string }[];
    for (const s of shared) problems.add(`credential ${s.kind}:${s.value} is claimed by members ${s.holders}: given to neither`);
    db.exec('DELETE FROM credentials WHERE (kind, value) IN (SELECT kind, value FROM credentials GROUP BY kind, value HAVING count(*) > 1)');
    db.exec(CREDENTIALS_KEY_INDEX);
  }
}

function finish(db: Db, header: { sequence: number | null; generatedAt: string | null }): Omit<BuildOutcome, 'listFile' | 'signed' | 'skipped' | 'problems'> {
  const counts = db.prepare('SELECT (SELECT count(*) FROM spaces) AS spaces, (SELECT count(*) FROM members) AS members, (SELECT count(*) FROM credentials) AS credentials').get() as { spaces: number; members: number; credentials: number };
  db.prepare('INSERT INTO list_info (id, sequence, generated_at, spaces, members, credentials) VALUES (1, ?, ?, ?, ?, ?)').run(header.sequence, header.generatedAt, counts.spaces, counts.members, counts.credentials);
  db.exec(LIST_INDEXES);
  return { ...header, ...counts };
}

function buildFromFeed(db: Db, job: BuildJob, problems: Problems) {
  const insert = inserter(db);
  const header: Record<string, unknown> = {};
  const spaceIds = new Set<string>();
  const memberIds = new Set<string>();
  scanFeed(job.bytes, {
    value(key, value) {
      header[key] = value;
      // Refuse a feed of another format before reading a million records of it.
      if (key === 'format' && value !== FEED_FORMAT) throw new KioskError(`the feed was refused: its format is ${JSON.stringify(value)}, this kiosk reads "${FEED_FORMAT}"`, 'invalid');
    },
    element(list, index, raw) {
      if (list === 'spaces') {
        const parsed = FeedSpace.safeParse(raw);
        const id = typeof (raw as { id?: unknown })?.id === 'string' ? ` (${(raw as { id: string }).id})` : '';
        if (!parsed.success) problems.add(`spaces[${index}]${id}.${describeIssue(parsed.error.issues[0]!)}`);
        else if (spaceIds.has(parsed.data.id)) problems.add(`spaces[${index}]${id}: the id is listed twice`);
        else {
          spaceIds.add(parsed.data.id);
          insert.space(parsed.data);
        }
        return;
      }
      const member = readMember(raw, index, problems);
      if (!member) return;
      if (memberIds.has(member.id)) problems.add(`members[${index}] (${member.id}): the id is listed twice`);
      else {
        memberIds.add(member.id);
        insert.member(member, index);
      }
    },
  });
  if (header.format === undefined) throw new KioskError(`the feed was refused: it has no "format" (expected "${FEED_FORMAT}")`, 'invalid');
  const sequence = header.sequence;
  if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 0) throw new KioskError('the feed was refused: sequence: must be a whole number', 'invalid');
  if (typeof header.generatedAt !== 'string' || Number.isNaN(Date.parse(header.generatedAt))) throw new KioskError('the feed was refused: generatedAt: must be an ISO 8601 time', 'invalid');
  if (typeof header.spaces !== 'number' || typeof header.members !== 'number') throw new KioskError('the feed was refused: it needs "spaces" and "members" lists', 'invalid');
  if (spaceIds.size === 0) throw new KioskError(`the feed was refused: it lists no usable space${problems.first[0] ? ` (${problems.first[0]})` : ''}`, 'invalid');
  if (job.installedSequence !== null && sequence < job.installedSequence) {
    throw new KioskError(`the feed's sequence ${sequence} is older than the installed list's ${job.installedSequence}: a roll-back is refused`);
  }
  dropOrphansAndSharedCredentials(db, problems);
  return finish(db, { sequence, generatedAt: header.generatedAt });
}

/** A CSV replaces the members of the spaces it lists and keeps everything else of the installed list. */
function buildFromCsv(db: Db, job: BuildJob) {
  const spaces = new Set((db.prepare('SELECT id FROM current.spaces').pluck().all() as string[]));
  const csv = parseMembersCsv(job.bytes, spaces);
  const listed = JSON.stringify(csv.spaces);
  db.exec('INSERT INTO spaces SELECT * FROM current.spaces');
  db.prepare('INSERT INTO members SELECT * FROM current.members WHERE space_id NOT IN (SELECT value FROM json_each(?))').run(listed);
  db.prepare('INSERT INTO credentials SELECT c.* FROM current.credentials c JOIN current.members m ON m.id = c.member_id WHERE m.space_id NOT IN (SELECT value FROM json_each(?))').run(listed);
  const header = db.prepare('SELECT sequence, generated_at AS generatedAt FROM current.list_info').get() as { sequence: number | null; generatedAt: string | null };
  const insert = inserter(db);
  csv.members.forEach((member, i) => insert.member(member, i));
  const clashingIds = db.prepare('SELECT id FROM members GROUP BY id HAVING count(*) > 1 LIMIT 3').pluck().all() as string[];
  if (clashingIds.length > 0) throw new KioskError(`the CSV was refused: member id ${clashingIds.join(', ')} already belongs to another space`, 'invalid');
  try {
    db.exec(CREDENTIALS_KEY_INDEX);
  } catch {
    const clash = db
      .prepare(`SELECT kind, value, group_concat(member_id, ', ') AS holders FROM credentials GROUP BY kind, value HAVING count(*) > 1 LIMIT 3`)
      .all() as { kind: string; value: string; holders: string }[];
    throw new KioskError(`the CSV was refused: ${clash.map((c) => `${c.kind}:${c.value} would be held by members ${c.holders}`).join('; ')}`, 'invalid');
  }
  return finish(db, header);
}

/**
 * Builds a complete list file from a feed or a CSV. Either the file is whole and sealed, or it
 * is removed and a KioskError says why; the installed list is never touched here.
 */
export function buildList(job: BuildJob): BuildOutcome {
  let db: Database.Database | null = null;
  try {
    if (job.format === 'feed' && job.publicKeyPem) {
      if (job.signature === null) throw new KioskError('the feed is not signed, and a public key is configured: unsigned feeds are refused');
      verifyFeedSignature(job.bytes, job.signature, job.publicKeyPem);
    }
    db = createListFile(job.listFile);
    const problems = new Problems();
    // Attached outside the transaction: SQLite cannot detach a database mid-transaction.
    if (job.format === 'csv') db.prepare('ATTACH DATABASE ? AS current').run(job.currentListFile);
    db.exec('BEGIN');
    const result = job.format === 'feed' ? buildFromFeed(db, job, problems) : buildFromCsv(db, job);
    db.exec('COMMIT');
    if (job.format === 'csv') db.exec('DETACH DATABASE current');
    sealListFile(db);
    db = null;
    return { listFile: job.listFile, ...result, signed: job.format === 'feed' && Boolean(job.publicKeyPem), skipped: problems.count, problems: problems.first };
  } catch (error) {
    db?.close();
    fs.rmSync(job.listFile, { force: true });
    throw error;
  }
}

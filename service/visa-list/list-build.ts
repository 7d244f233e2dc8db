import Database from 'better-sqlite3';
import fs from 'node:fs';
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { z } from 'zod';
import { credentialLabel, ListForm, listKeys, parseListCredential, type ListCredential } from '../../core/credential-match.js';
import { KioskError, type ErrorDetail } from '../../core/errors.js';
import { FEED_FORMAT, FeedHeader, FeedMember, FeedSpace } from '../../core/feed.js';
import { describeIssue, describeIssueOf } from '../../core/schema-messages.js';
import {
  cannotRead,
  createListFile,
  CREDENTIAL_COLUMNS,
  CREDENTIALS_KEY_INDEX,
  LIST_INDEXES,
  MEMBERS_KEY_INDEX,
  PIPE_CANCELLED,
  PIPE_POSTED,
  PIPE_TAKEN,
  sealListFile,
} from '../../db/list-file.js';
import type { Db } from '../../db/open.js';
import type { InstallableMember } from '../../db/visa-list.js';
import { scanFeed, type FeedReader } from './feed-scan.js';
import { verifyFeedSignature } from './feed-signature.js';
import { parseMembersCsv } from './members-csv.js';

/** Everything a build needs, plain data, so it can be posted to a worker thread. */
export interface BuildJob {
  format: 'feed' | 'csv';
  /** The source in memory, or `path` to read it from: an unsigned feed file is streamed, never held whole. */
  bytes?: Uint8Array;
  path?: string;
  signature: string | null;
  publicKeyPem: string | null;
  /** Where to build the new list. */
  listFile: string;
  /** The installed list: a CSV keeps every space and every other space's members from it. */
  currentListFile: string;
  installedSequence: number | null;
  /** This kiosk's space.id: a feed with no usable record of it would stop every check-in, so it is refused. */
  ownSpace: string | null;
  /** Set when the build is split over two threads (ListStore): this one scans, or this one builds. */
  pipe?: BuildPipe;
}

/**
 * Two threads, one build: the scanner reads, parses and checks the feed and posts rows; the
 * builder writes them, while the scanner reads on. `signal` holds the posted and taken counts,
 * so each side waits for the other with Atomics (a bounded queue), and a cancel flag.
 */
export interface BuildPipe {
  role: 'scan' | 'build';
  port: MessagePort;
  signal: SharedArrayBuffer;
}

/** Batches posted and not yet taken, at most: the scanner waits beyond this, so memory stays flat. */
const PIPE_DEPTH = 8;
/** Members per posted batch. */
const PIPE_BATCH = 4096;

type PipeMessage =
  | { type: 'rows'; spaces: FeedSpace[]; members: unknown[]; credentials: unknown[]; problems: string[]; skipped: number }
  | { type: 'end'; header: [string, unknown][]; spaces: number }
  | { type: 'error'; message: string; code: KioskError['code'] | null; detail?: ErrorDetail };

export interface BuildOutcome {
  listFile: string;
  sequence: number | null;
  generatedAt: string | null;
  expiresAt: string | null;
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
  /** Problems found on another thread, in their order. */
  addAll(messages: string[], count: number): void {
    for (const message of messages) if (this.first.length < PROBLEMS_KEPT) this.first.push(message);
    this.count += count;
  }
}

/** Rows per INSERT statement: one statement call per row costs more than the row itself. */
const ROWS_PER_INSERT = 64;

const valuesList = (columns: number, rows: number) => Array.from({ length: rows }, () => `(${Array(columns).fill('?').join(', ')})`).join(', ');

/** Writes rows of one table in groups of ROWS_PER_INSERT, in the order given; `flush` writes what waits. */
class RowWriter {
  private readonly one: Database.Statement;
  private readonly many: Database.Statement;
  private readonly waiting: unknown[] = [];

  constructor(
    db: Db,
    sql: string,
    private readonly columns: number,
  ) {
    this.one = db.prepare(sql + valuesList(columns, 1));
    this.many = db.prepare(sql + valuesList(columns, ROWS_PER_INSERT));
  }

  /** Values of whole rows, one row after another. */
  add(values: readonly unknown[]): void {
    const full = this.columns * ROWS_PER_INSERT;
    for (let i = 0; i < values.length; i++) {
      this.waiting.push(values[i]);
      if (this.waiting.length === full) {
        this.many.run(this.waiting);
        this.waiting.length = 0;
      }
    }
  }

  flush(): void {
    for (let i = 0; i < this.waiting.length; i += this.columns) this.one.run(this.waiting.slice(i, i + this.columns));
    this.waiting.length = 0;
  }
}

/** A member's rows as flat values: the member (7 columns), then its credentials (7 columns each, CREDENTIAL_COLUMNS). */
function memberValues(m: InstallableMember, position: number, members: unknown[], credentials: unknown[]): void {
  members.push(m.id, m.spaceId, m.name, m.email, m.status, m.validUntil, position);
  for (const c of m.credentials) {
    const keys = listKeys(c);
    credentials.push(c.kind, c.value, m.id, c.bits, keys.low32, keys.low24, keys.folded);
  }
}

/** Where checked records go: straight into a list file, or to the builder thread. */
interface RecordSink {
  space(s: FeedSpace): void;
  member(m: InstallableMember, position: number): void;
  /** Every record has been given. */
  end(): void;
}

/** Inserts rows into a new list file; `flush` (or `end`) must come before the tables are read. */
function inserter(db: Db) {
  const space = db.prepare(
    `INSERT INTO spaces (id, name, city, country, timezone, accepts_visitors, free_days_per_month, notice_hours, notes, day_pass_price, day_pass_currency)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const members = new RowWriter(db, 'INSERT INTO members (id, space_id, name, email, status, valid_until, position) VALUES ', 7);
  const credentials = new RowWriter(db, `INSERT INTO credentials (${CREDENTIAL_COLUMNS}) VALUES `, 7);
  const memberRow: unknown[] = [];
  const credentialRows: unknown[] = [];
  const flush = () => {
    members.flush();
    credentials.flush();
  };
  return {
    space(s: FeedSpace): void {
      space.run(
        s.id,
        s.name,
        s.city,
        s.country,
        s.timezone,
        s.visa.accepts ? 1 : 0,
        s.visa.freeDaysPerMonth,
        s.visa.noticeHours,
        s.visa.notes,
        s.dayPass?.price ?? null,
        s.dayPass?.currency ?? null,
      );
    },
    member(m: InstallableMember, position: number): void {
      memberValues(m, position, memberRow, credentialRows);
      members.add(memberRow);
      credentials.add(credentialRows);
      memberRow.length = 0;
      credentialRows.length = 0;
    },
    /** Rows made on the scanner thread (memberValues). */
    rows(memberValues: readonly unknown[], credentialValues: readonly unknown[]): void {
      members.add(memberValues);
      credentials.add(credentialValues);
    },
    flush,
    end: flush,
  } satisfies RecordSink & Record<string, unknown>;
}

// The rules of core/feed.ts FeedMember, checked by hand for the common case: a record that
// passes here passes the schema too (test/bench/member-check.test.ts holds them together);
// anything else goes through the schema itself, which names what is wrong.
const ID = /^[A-Za-z0-9._-]+$/;
const EMAIL = z.regexes.email;
const DATE = z.regexes.date;
const isId = (value: unknown): value is string => typeof value === 'string' && value.length <= 100 && ID.test(value);
const isListForm = (value: unknown): value is ListForm => (ListForm.options as readonly unknown[]).includes(value);
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The record as the schema would give it, when it plainly fits the schema; null when the schema must decide. */
export function plainMember(raw: unknown): FeedMember | null {
  if (!isPlainObject(raw)) return null;
  const { id, space, name, email, status, validUntil, credentials } = raw;
  if (!isId(id) || !isId(space)) return null;
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) return null;
  if (email !== undefined && (typeof email !== 'string' || (email !== '' && !EMAIL.test(email)))) return null;
  if (status !== 'active' && status !== 'suspended' && status !== 'expired') return null;
  if (validUntil !== undefined && validUntil !== null && (typeof validUntil !== 'string' || !DATE.test(validUntil))) return null;
  const list: FeedMember['credentials'] = [];
  if (credentials !== undefined) {
    if (!Array.isArray(credentials) || credentials.length > 20) return null;
    for (const c of credentials as unknown[]) {
      if (!isPlainObject(c)) return null;
      const { kind, value, form } = c;
      if ((kind !== 'rfid' && kind !== 'barcode') || typeof value !== 'string' || value.length === 0 || value.length > 256) return null;
      if (form === undefined) list.push({ kind, value });
      else if (kind === 'rfid' && isListForm(form)) list.push({ kind, form, value });
      else return null;
    }
  }
  return { id, space, name, email: (email as string | undefined) ?? '', status, validUntil: validUntil as string | null | undefined, credentials: list };
}

/** A member record from a feed, checked on its own: schema, then credentials in canonical form. */
function readMember(raw: unknown, index: number, problems: Problems): InstallableMember | null {
  let member = plainMember(raw);
  const id = typeof (raw as { id?: unknown })?.id === 'string' ? ` (${(raw as { id: string }).id})` : '';
  if (!member) {
    const parsed = FeedMember.safeParse(raw);
    if (!parsed.success) {
      problems.add(describeIssueOf(`members[${index}]${id}`, parsed.error.issues[0]!));
      return null;
    }
    member = parsed.data;
  }
  const credentials: InstallableMember['credentials'] = [];
  for (let j = 0; j < member.credentials.length; j++) {
    const c = member.credentials[j]!;
    const parsed = parseListCredential(c.kind, c.value, c.form);
    if (!parsed.ok) {
      problems.add(`members[${index}]${id}.credentials[${j}]: ${parsed.error}`);
      return null;
    }
    const credential = parsed.credential;
    // The same credential given twice by one member is one credential.
    if (!credentials.some((k) => k.kind === credential.kind && k.value === credential.value && k.bits === credential.bits)) credentials.push(credential);
  }
  return {
    id: member.id,
    spaceId: member.space,
    name: member.name,
    email: member.email,
    status: member.status,
    validUntil: member.validUntil ?? null,
    credentials,
  };
}

const orphanProblem = (position: number, id: string, space: string) => `members[${position}] (${id}).space: "${space}" is not one of the feed's spaces`;

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
  for (const o of orphans) problems.add(orphanProblem(o.position, o.id, o.space));
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
    for (const s of shared) problems.add(`credential ${credentialLabel(s)} is claimed by members ${s.holders}: given to neither`);
    db.exec('DELETE FROM credentials WHERE (kind, value) IN (SELECT kind, value FROM credentials GROUP BY kind, value HAVING count(*) > 1)');
    db.exec(CREDENTIALS_KEY_INDEX);
  }
}

type ListHeader = Pick<BuildOutcome, 'sequence' | 'generatedAt' | 'expiresAt'>;

function finish(db: Db, header: ListHeader): Omit<BuildOutcome, 'listFile' | 'signed' | 'skipped' | 'problems'> {
  const counts = db
    .prepare('SELECT (SELECT count(*) FROM spaces) AS spaces, (SELECT count(*) FROM members) AS members, (SELECT count(*) FROM credentials) AS credentials')
    .get() as { spaces: number; members: number; credentials: number };
  db.prepare('INSERT INTO list_info (id, sequence, generated_at, expires_at, spaces, members, credentials) VALUES (1, ?, ?, ?, ?, ?, ?)').run(
    header.sequence,
    header.generatedAt,
    header.expiresAt,
    counts.spaces,
    counts.members,
    counts.credentials,
  );
  db.exec(LIST_INDEXES);
  return { ...header, ...counts };
}

/**
 * Thrown by a build that found a member id listed twice only when it made the members' key:
 * the build starts over, keeping every id seen, to skip the later records and name them.
 */
class IdListedTwice extends Error {}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';

type Header = Record<string, unknown>;

/** The header as the scanner leaves it: its own fields, and each list's length (the scanner refuses a list that is not one). */
const ScannedHeader = FeedHeader.extend({
  spaces: z.number({ error: 'is missing: a feed lists its spaces' }),
  members: z.number({ error: 'is missing: a feed lists its members' }),
});

/**
 * Reads a feed's records, checks each on its own and gives the good ones to `sink`. Member ids
 * are remembered only when `exact`: a million of them is tens of megabytes, and the unique
 * index on members(id), made once the rows are in, catches an id listed twice anyway (the
 * feed is then read again, exactly, to skip the later records and name them).
 */
function scanRecords(source: Uint8Array | FeedReader, sink: RecordSink, problems: Problems, exact: boolean): { header: Header; spaces: number } {
  // No prototype: a "__proto__" key in the feed must not supply an inherited format or sequence.
  const header: Header = Object.create(null);
  const spaceIds = new Set<string>();
  const memberIds = new Set<string>();
  let spacesRead = false;
  scanFeed(source, {
    value(key, value) {
      header[key] = value;
      if (key === 'spaces') spacesRead = true;
      // Refuse a feed of another format before reading a million records of it.
      if (key === 'format' && value !== FEED_FORMAT)
        throw new KioskError(`the feed was refused: its format is ${JSON.stringify(value)}, this kiosk reads "${FEED_FORMAT}"`, 'invalid', {
          detail: { what: 'feed_invalid' },
        });
    },
    element(list, index, raw) {
      if (list === 'spaces') {
        const parsed = FeedSpace.safeParse(raw);
        const id = typeof (raw as { id?: unknown })?.id === 'string' ? ` (${(raw as { id: string }).id})` : '';
        if (!parsed.success) problems.add(describeIssueOf(`spaces[${index}]${id}`, parsed.error.issues[0]!));
        else if (spaceIds.has(parsed.data.id)) problems.add(`spaces[${index}]${id}: the id is listed twice`);
        else {
          spaceIds.add(parsed.data.id);
          sink.space(parsed.data);
        }
        return;
      }
      const member = readMember(raw, index, problems);
      if (!member) return;
      // Left out before its id counts: a stray record must not knock out the real one listed after it.
      if (spacesRead && !spaceIds.has(member.spaceId)) problems.add(orphanProblem(index, member.id, member.spaceId));
      else if (!exact) sink.member(member, index);
      else if (memberIds.has(member.id)) problems.add(`members[${index}] (${member.id}): the id is listed twice`);
      else {
        memberIds.add(member.id);
        sink.member(member, index);
      }
    },
  });
  sink.end();
  return { header, spaces: spaceIds.size };
}

/** The feed's own fields, once its records are read. */
function checkHeader(
  header: Header,
  spaces: number,
  problems: Problems,
  job: BuildJob,
): { sequence: number; generatedAt: string; expiresAt: string | null; members: number } {
  const checked = ScannedHeader.safeParse(header);
  if (!checked.success)
    throw new KioskError(`the feed was refused: ${checked.error.issues.map(describeIssue).join('; ')}`, 'invalid', { detail: { what: 'feed_invalid' } });
  const { sequence, generatedAt, expiresAt, members } = checked.data;
  if (spaces === 0)
    throw new KioskError(`the feed was refused: it lists no usable space${problems.first[0] ? ` (${problems.first[0]})` : ''}`, 'invalid', {
      detail: { what: 'feed_invalid' },
    });
  if (job.installedSequence !== null && sequence < job.installedSequence) {
    throw new KioskError(`the feed's sequence ${sequence} is older than the installed list's ${job.installedSequence}: a roll-back is refused`, 'refused', {
      detail: { what: 'list_rollback' },
    });
  }
  return { sequence, generatedAt, expiresAt: expiresAt ?? null, members };
}

/** Keys and cross-record rules, once every row is in. */
function finishFeed(db: Db, problems: Problems, exact: boolean, header: ListHeader & { members: number }, job: BuildJob) {
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
  const why = (own?: string) => {
    const problem = (own && problems.first.find((p) => p.startsWith('spaces[') && p.includes(`(${own})`))) ?? problems.first[0];
    return problem ? ` (${problem})` : '';
  };
  if (ownSpace !== null && !db.prepare('SELECT 1 FROM spaces WHERE id = ?').get(ownSpace)) {
    throw new KioskError(
      `the feed was refused: it has no usable record of this kiosk's space "${ownSpace}"${why(ownSpace)}; check-ins go on with the installed list`,
      'invalid',
      { detail: { what: 'feed_invalid' } },
    );
  }
  const members = (db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;
  if (listed > 0 && members === 0)
    throw new KioskError(`the feed was refused: none of its ${listed} members is usable${why()}; check-ins go on with the installed list`, 'invalid', {
      detail: { what: 'feed_invalid' },
    });
}

function buildFromFeed(db: Db, source: Uint8Array | FeedReader, job: BuildJob, problems: Problems, exact: boolean) {
  const { header, spaces } = scanRecords(source, inserter(db), problems, exact);
  return finishFeed(db, problems, exact, checkHeader(header, spaces, problems, job), job);
}

/** Waits on one count of a pipe's signal while it still reads `seen`; gives up on cancel. */
function waitOn(signal: Int32Array, index: number, seen: number): void {
  if (Atomics.load(signal, PIPE_CANCELLED) !== 0) throw new Error('the list import was cancelled');
  Atomics.wait(signal, index, seen, 1000);
}

/**
 * The scanning half of a two-thread build: reads the feed file, checks its records and posts
 * their rows to the builder, at most PIPE_DEPTH batches ahead of it. A refusal is posted too.
 */
function scanIntoPipe(job: BuildJob, pipe: BuildPipe): void {
  const signal = new Int32Array(pipe.signal);
  const post = (message: PipeMessage) => {
    for (let taken = Atomics.load(signal, PIPE_TAKEN); Atomics.load(signal, PIPE_POSTED) - taken >= PIPE_DEPTH; taken = Atomics.load(signal, PIPE_TAKEN))
      waitOn(signal, PIPE_TAKEN, taken);
    pipe.port.postMessage(message);
    Atomics.add(signal, PIPE_POSTED, 1);
    Atomics.notify(signal, PIPE_POSTED);
  };
  let fd: number | null = null;
  try {
    try {
      fd = fs.openSync(job.path!, 'r');
    } catch (error) {
      throw cannotRead(job.path!, error);
    }
    // Problems travel with the rows, so the builder lists them in the feed's order.
    const problems = new Problems();
    let reported = 0;
    let batch = { spaces: [] as FeedSpace[], members: [] as unknown[], credentials: [] as unknown[], count: 0 };
    const send = () => {
      post({
        type: 'rows',
        spaces: batch.spaces,
        members: batch.members,
        credentials: batch.credentials,
        problems: problems.first.slice(reported),
        skipped: problems.count - reported,
      });
      reported = problems.count;
      batch = { spaces: [], members: [], credentials: [], count: 0 };
    };
    const { header, spaces } = scanRecords(
      fileReader(fd, job.path!),
      {
        space: (s) => batch.spaces.push(s),
        member(m, position) {
          memberValues(m, position, batch.members, batch.credentials);
          if (++batch.count === PIPE_BATCH) send();
        },
        end: send,
      },
      problems,
      false,
    );
    post({ type: 'end', header: Object.entries(header), spaces });
  } catch (error) {
    if (Atomics.load(signal, PIPE_CANCELLED) !== 0) return;
    post({
      type: 'error',
      message: (error as Error).message,
      code: error instanceof KioskError ? error.code : null,
      ...(error instanceof KioskError && error.detail && { detail: error.detail }),
    });
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** The building half: takes the scanner's rows as they come and writes them. */
function buildFromPipe(db: Db, job: BuildJob, pipe: BuildPipe, problems: Problems) {
  const signal = new Int32Array(pipe.signal);
  const insert = inserter(db);
  for (;;) {
    const posted = Atomics.load(signal, PIPE_POSTED);
    const received = receiveMessageOnPort(pipe.port) as { message: PipeMessage } | undefined;
    if (!received) {
      waitOn(signal, PIPE_POSTED, posted);
      continue;
    }
    Atomics.add(signal, PIPE_TAKEN, 1);
    Atomics.notify(signal, PIPE_TAKEN);
    const message = received.message;
    if (message.type === 'error')
      throw message.code ? new KioskError(message.message, message.code, message.detail && { detail: message.detail }) : new Error(message.message);
    if (message.type === 'rows') {
      for (const space of message.spaces) insert.space(space);
      insert.rows(message.members, message.credentials);
      problems.addAll(message.problems, message.skipped);
      continue;
    }
    insert.flush();
    const header: Header = Object.create(null);
    for (const [key, value] of message.header) header[key] = value;
    return finishFeed(db, problems, false, checkHeader(header, message.spaces, problems, job), job);
  }
}

/** A CSV replaces the members of the spaces it lists and keeps everything else of the installed list. */
function buildFromCsv(db: Db, bytes: Uint8Array) {
  const spaces = new Set(db.prepare('SELECT id FROM current.spaces').pluck().all() as string[]);
  const csv = parseMembersCsv(bytes, spaces);
  const listed = JSON.stringify(csv.spaces);
  db.exec('INSERT INTO spaces SELECT * FROM current.spaces');
  db.prepare('INSERT INTO members SELECT * FROM current.members WHERE space_id NOT IN (SELECT value FROM json_each(?))').run(listed);
  db.prepare(
    `INSERT INTO credentials (${CREDENTIAL_COLUMNS}) SELECT ${CREDENTIAL_COLUMNS.replace(/(^|, )/g, '$1c.')} FROM current.credentials c JOIN current.members m ON m.id = c.member_id WHERE m.space_id NOT IN (SELECT value FROM json_each(?))`,
  ).run(listed);
  // Every column: the current list file may predate expires_at.
  const current = db.prepare('SELECT * FROM current.list_info').get() as { sequence: number | null; generated_at: string | null; expires_at?: string | null };
  const header: ListHeader = { sequence: current.sequence, generatedAt: current.generated_at, expiresAt: current.expires_at ?? null };
  const insert = inserter(db);
  csv.members.forEach((member, i) => insert.member(member, i));
  insert.flush();
  const clashingIds = db.prepare('SELECT id FROM members GROUP BY id HAVING count(*) > 1 LIMIT 3').pluck().all() as string[];
  if (clashingIds.length > 0)
    throw new KioskError(`the CSV was refused: member id ${clashingIds.join(', ')} already belongs to another space`, 'invalid', {
      detail: { what: 'feed_invalid' },
    });
  db.exec(MEMBERS_KEY_INDEX);
  try {
    db.exec(CREDENTIALS_KEY_INDEX);
  } catch {
    const clash = db
      .prepare(
        `SELECT kind, value, max(bits) AS bits, group_concat(member_id, ', ') AS holders FROM credentials GROUP BY kind, value HAVING count(*) > 1 LIMIT 3`,
      )
      .all() as (ListCredential & { holders: string })[];
    throw new KioskError(`the CSV was refused: ${clash.map((c) => `${credentialLabel(c)} would be held by members ${c.holders}`).join('; ')}`, 'invalid', {
      detail: { what: 'feed_invalid' },
    });
  }
  return finish(db, header);
}

/** Reads a feed file a window at a time, from its start, through an open descriptor. */
function fileReader(fd: number, file: string): FeedReader {
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

/**
 * Builds a complete list file from a feed or a CSV. Either the file is whole and sealed, or it
 * is removed and a KioskError says why; the installed list is never touched here.
 */
export function buildList(job: BuildJob): BuildOutcome | null {
  if (job.pipe?.role === 'scan') {
    scanIntoPipe(job, job.pipe);
    return null;
  }
  let db: Database.Database | null = null;
  let fd: number | null = null;
  try {
    // A signature covers the exact bytes, so a signed feed is read whole; an unsigned one is streamed.
    const signed = job.format === 'feed' && Boolean(job.publicKeyPem);
    // ListStore reads a CSV or a signed feed whole (readSource); only an unsigned feed file comes as a path.
    const bytes = job.bytes ?? null;
    if (signed) {
      if (job.signature === null)
        throw new KioskError('the feed is not signed, and a public key is configured: unsigned feeds are refused', 'refused', {
          detail: { what: 'signature_bad' },
        });
      verifyFeedSignature(bytes!, job.signature, job.publicKeyPem!);
    }
    if (!bytes) {
      try {
        fd = fs.openSync(job.path!, 'r');
      } catch (error) {
        throw cannotRead(job.path!, error);
      }
    }
    let result: Omit<BuildOutcome, 'listFile' | 'signed' | 'skipped' | 'problems'> | null = null;
    let problems = new Problems();
    for (const exact of [false, true]) {
      db = createListFile(job.listFile);
      problems = new Problems();
      // Attached outside the transaction: SQLite cannot detach a database mid-transaction.
      if (job.format === 'csv') db.prepare('ATTACH DATABASE ? AS current').run(job.currentListFile);
      db.exec('BEGIN');
      try {
        if (job.format === 'csv') result = buildFromCsv(db, bytes!);
        else if (job.pipe && !exact) result = buildFromPipe(db, job, job.pipe, problems);
        else result = buildFromFeed(db, bytes ?? fileReader(fd!, job.path!), job, problems, exact);
        break;
      } catch (error) {
        if (!(error instanceof IdListedTwice)) throw error;
        db.close();
        db = null;
      }
    }
    // The exact pass never starts over, so here the build is done.
    const built = db!;
    built.exec('COMMIT');
    if (job.format === 'csv') built.exec('DETACH DATABASE current');
    sealListFile(built);
    db = null;
    return { listFile: job.listFile, ...result!, signed, skipped: problems.count, problems: problems.first };
  } catch (error) {
    db?.close();
    fs.rmSync(job.listFile, { force: true });
    throw error;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

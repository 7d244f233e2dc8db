import Database from 'better-sqlite3';
import { listKeys } from '../../core/credential-match.js';
import type { FeedSpace } from '../../core/feed.js';
import { CREDENTIAL_COLUMNS, LIST_INDEXES } from '../../db/list-file.js';
import type { Db } from '../../db/open.js';
import type { InstallableMember } from '../../db/visa-list.js';
import type { BuildOutcome } from './build-job.js';

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
/** A space's row in the list file's `spaces` table, in its column order. */
export function spaceValues(s: FeedSpace): unknown[] {
  return [
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
  ];
}

export function memberValues(m: InstallableMember, position: number, members: unknown[], credentials: unknown[]): void {
  members.push(m.id, m.spaceId, m.name, m.email, m.status, m.validUntil, position);
  for (const c of m.credentials) {
    const keys = listKeys(c);
    credentials.push(c.kind, c.value, m.id, c.bits, keys.low32, keys.low24, keys.folded);
  }
}

/** Where checked records go: straight into a list file, or to the builder thread. */
export interface RecordSink {
  space(s: FeedSpace): void;
  member(m: InstallableMember, position: number): void;
  /** Every record has been given. */
  end(): void;
}

/** Inserts rows into a new list file; `flush` (or `end`) must come before the tables are read. */
export function inserter(db: Db) {
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
      space.run(...spaceValues(s));
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

export type ListHeader = Pick<BuildOutcome, 'sequence' | 'generatedAt' | 'expiresAt'>;

export function finish(db: Db, header: ListHeader): Omit<BuildOutcome, 'listFile' | 'signed' | 'skipped' | 'problems' | 'problemDetails'> {
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

import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { isBusy } from './busy-retry.js';
import type { Db } from './open.js';

export interface CheckpointPolicy {
  /** Writes have stopped for this long: the write-ahead log is copied into the database now. */
  quietMs: number;
  /**
   * Under a stream of taps, the log is copied and started over after this many: a commit that
   * makes the log file longer also waits for the file system to journal its new length (about
   * twice the fsync of one that writes over a log started over), and a rush with no quiet
   * moment would otherwise grow the log tap after tap.
   */
  tapsPerCopy: number;
  /** The log is never let grow past about this, quiet or not (writes that are no tap, another program's). */
  maxWalBytes: number;
  /** How often the connection is looked at for writes. */
  lookMs: number;
}

/**
 * SQLite's own default checkpoints at 1,000 pages (4 MB), inside the commit that crosses it. Here
 * a rush's 400 taps (about 6 MB of log) are copied between two taps, and the log file is kept at
 * its size (up to half the byte bound) when it starts over, so the next taps write over it rather
 * than lengthen it; quiet moments copy the log long before either bound. Copied more often, more
 * taps wait for a copy; less often, the log grows and each tap's commit lengthens it.
 */
export const KIOSK_CHECKPOINTS: CheckpointPolicy = { quietMs: 1000, tapsPerCopy: 400, maxWalBytes: 64 * 1024 * 1024, lookMs: 250 };

export interface LogState {
  now: number;
  /** The database was written (by this connection or another) since its last complete checkpoint. */
  unsaved: boolean;
  lastWriteAt: number;
  walBytes: number;
  /** Taps answered since the last copy began. */
  taps: number;
  /** The last copy was cut short (a reader on older pages: an export): the log may hold far more than a rush's taps. */
  behind: boolean;
}

/**
 * A quiet spell; a rush's `tapsPerCopy` taps; or a backlog, a log that holds more than a rush's
 * taps: at its byte bound (writes that were no tap: another program's, a rush too long), or a
 * rush's taps on top of what a copy cut short left.
 */
export type CheckpointWhy = 'quiet' | 'taps' | 'backlog';

/**
 * Whether to checkpoint now, and why. The bounds are acted on only just after a tap has been
 * answered (`afterTap`): a look on the timer may come while the next badge's frame is already
 * waiting to be read.
 */
export function checkpointDue(state: LogState, policy: CheckpointPolicy, afterTap: boolean): CheckpointWhy | null {
  if (!state.unsaved) return null;
  if (state.now - state.lastWriteAt >= policy.quietMs) return 'quiet';
  if (!afterTap) return null;
  if (state.walBytes >= policy.maxWalBytes) return 'backlog';
  if (state.taps < policy.tapsPerCopy) return null;
  return state.behind ? 'backlog' : 'taps';
}

/**
 * Copies the write-ahead log into the database with a PASSIVE checkpoint (it waits for nobody);
 * true when the whole log was copied. Then the log is started over (restartLog), so that no tap's
 * commit pays for it, unless `restart` is false (a copy beside a rush: taps will have added to the
 * log by then, and the kiosk starts it over itself). A checkpoint only copies committed pages, so
 * a crash at any moment loses no visit.
 */
export function copyLog(db: Db, restart = true): boolean {
  const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
  // A reader still on older pages (an export) keeps them in the log: tried again later.
  const complete = result !== undefined && result.busy === 0 && result.checkpointed >= result.log;
  if (complete && restart) restartLog(db);
  return complete;
}

/**
 * The first commit after a complete checkpoint starts the log over: it writes the log's header
 * and fsyncs it before its own pages, then cuts the file back to journal_size_limit, two fsyncs
 * and a truncation where a tap pays one fsync. That commit is made here, between taps: the
 * schema version written back unchanged, a write of one page that changes nothing. Skipped when
 * a tap holds the lock (a connection that does not wait): that tap's commit starts the log over.
 */
function restartLog(db: Db): void {
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    db.transaction(() => db.pragma(`user_version = ${version}`)).immediate();
  } catch (error) {
    if (!isBusy(error)) throw error;
  }
}

/** The connection settings a connection that checkpoints needs: it never checkpoints inside a commit, and cuts a restarted log back. */
export function checkpointsByHand(db: Db, policy: CheckpointPolicy = KIOSK_CHECKPOINTS): void {
  db.pragma('wal_autocheckpoint = 0');
  // Once a checkpoint has emptied it, a log that grew in a rush is cut back rather than kept at its largest.
  db.pragma(`journal_size_limit = ${Math.floor(policy.maxWalBytes / 2)}`);
}

/** Copies the log somewhere (`copyLog`, its `restart` given): on the kiosk's own connection, or on a thread of its own (service/checkpoint-thread.ts). */
export type LogCopier = (restart: boolean) => boolean | Promise<boolean>;

/**
 * Keeps WAL checkpoints off the taps. SQLite's automatic checkpoint runs inside the commit that
 * crosses 1,000 pages, so every few hundred taps one of them paid for copying the whole log into
 * the database (5–8 ms). Here the connection never checkpoints by itself:
 * - once writes have been quiet for `quietMs`, the log is copied by `copy` (on a thread of its
 *   own in `serve` and Electron), however large it is;
 * - under a stream of taps, right after the `tapsPerCopy`th tap has been answered, the few MB
 *   those taps wrote are copied here, on the kiosk's own connection (catchUp), between two taps:
 *   the next frame waits for the copy, once. A copy on another thread beside the taps held up
 *   every commit it overlapped instead, on the same disk (20 of 2,000 taps of a rush at 4–5 ms,
 *   against 1–2 waiting for a copy here);
 * - a log at `maxWalBytes` (pages that were no tap's), or a rush's after a copy was cut short (a
 *   reader on older pages), is copied by `copy` beside the taps, and what is left of it (catchUp)
 *   after the next tap has been answered.
 */
export class CheckpointScheduler {
  private readonly totalChanges: Database.Statement;
  private readonly dataVersion: Database.Statement;
  private readonly timer: NodeJS.Timeout;
  private seenChanges: string;
  private lastWriteAt: number;
  private unsaved = false;
  private queued = false;
  private copying = false;
  /** A copy beside a rush is done: the log is to be started over after the next tap (catchUp). */
  private restartDue = false;
  private taps = 0;
  /** The log file's size when last looked at: on the timer and after a copy, not after every tap (a stat per tap made garbage for nothing). */
  private walSize = 0;
  /** `taps` when the last copy began: one cut short (a long reader) is tried again `tapsPerCopy` taps later, not after every tap. */
  private tapsCopied = 0;
  /** The last copy was cut short: see LogState. */
  private behind = false;

  constructor(
    private readonly db: Db,
    private readonly policy: CheckpointPolicy = KIOSK_CHECKPOINTS,
    private readonly copy: LogCopier = (restart) => copyLog(db, restart),
    private readonly now: () => number = () => performance.now(),
  ) {
    checkpointsByHand(db, policy);
    this.totalChanges = db.prepare('SELECT total_changes()').pluck();
    // Prepared once: db.pragma() compiles its statement on every call, after every tap.
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.seenChanges = this.changes();
    this.lastWriteAt = now();
    this.timer = setInterval(() => this.look(false), policy.lookMs);
    this.timer.unref();
  }

  /** A write was just committed and answered (a tap): checkpoint after it if the log is at its bound. */
  wrote(): void {
    this.taps++;
    if (this.queued || !this.db.open) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      this.look(true);
    });
  }

  /** Stops checkpointing here; SQLite checkpoints what is left when the connection closes. */
  stop(): void {
    clearInterval(this.timer);
  }

  private look(afterTap: boolean): void {
    if (!this.db.open || this.db.inTransaction || this.copying) return;
    const changes = this.changes();
    if (changes !== this.seenChanges) {
      this.seenChanges = changes;
      this.lastWriteAt = this.now();
      this.unsaved = true;
    }
    if (!afterTap) this.walSize = this.walBytes();
    const state = {
      now: this.now(),
      unsaved: this.unsaved,
      lastWriteAt: this.lastWriteAt,
      walBytes: this.walSize,
      taps: this.taps - this.tapsCopied,
      behind: this.behind,
    };
    const why = checkpointDue(state, this.policy, afterTap);
    if (why === 'taps' || (afterTap && this.restartDue && why !== 'quiet')) this.catchUp();
    else if (why) void this.checkpoint(why);
  }

  /**
   * What has been written so far: this connection's changes, and the data version that moves
   * when another connection commits (a command line, a list import's worker), whose pages sit
   * in the same log. Writes from anywhere put off the quiet moment.
   */
  private changes(): string {
    return `${this.totalChanges.get() as number} ${this.dataVersion.get() as number}`;
  }

  private walBytes(): number {
    return fs.statSync(`${this.db.name}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  }

  private async checkpoint(why: CheckpointWhy): Promise<void> {
    const ownBefore = this.totalChanges.get() as number;
    const tapsBefore = this.taps;
    this.copying = true;
    let complete = false;
    try {
      complete = await this.copy(why === 'quiet');
    } catch {
      // Another process holding the database: the pages stay in the log, which is no loss.
    }
    this.copying = false;
    this.behind = !complete;
    // Beside a rush the copier leaves the restart: taps went on while it copied, and a commit of its
    // own would only hold them off. The few pages they added are copied and the log started over
    // here (catchUp), where no tap can come between: at once if no tap came (the next one's commit
    // would otherwise start the log over and pay for it), else right after the next tap is answered,
    // since the copier's answer comes at any moment, perhaps with a badge's frame already waiting.
    this.restartDue = complete && why === 'backlog';
    if (this.restartDue && this.db.open && !this.db.inTransaction && this.totalChanges.get() === ownBefore) this.catchUp();
    else this.settled(complete && !this.restartDue, ownBefore, tapsBefore);
  }

  /** A rush's copy, or the end of one made beside it, on this connection, where no tap can come between. */
  private catchUp(): void {
    const ownBefore = this.totalChanges.get() as number;
    this.restartDue = false;
    let complete = false;
    try {
      complete = copyLog(this.db);
    } catch {
      // As in checkpoint(): tried again.
    }
    this.behind = !complete;
    this.settled(complete, ownBefore, this.taps);
  }

  private settled(complete: boolean, ownBefore: number, tapsBefore: number): void {
    if (!this.db.open) return;
    // Taps made while another thread copied are in the log still. The copier's own commit (restartLog) moves the data version: taken as seen.
    this.unsaved = !complete || this.totalChanges.get() !== ownBefore;
    this.tapsCopied = tapsBefore;
    this.walSize = this.walBytes();
    this.seenChanges = this.changes();
    this.lastWriteAt = this.now();
  }
}

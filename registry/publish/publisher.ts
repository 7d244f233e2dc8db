import Database from 'better-sqlite3';
import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { KioskError } from '../../core/errors.js';
import type { Db } from '../../db/open.js';
import { lastUnpublishedChange, publishedIn } from '../store/changes.js';
import { registryDbPath } from '../store/open.js';
import { PUBLISHED_SPACE } from './feed-text.js';
import { prune, pubDir, removeStrays } from './pub-files.js';
import { publish, type Published } from './publication.js';
import type { SigningKey } from './sign.js';
import { writeTimestamp } from './timestamp.js';

export interface PublisherOptions {
  /** The registry's open database, in DIR. */
  db: Db;
  dir: string;
  /** The online signing key and its keys document's version. */
  key: KeyObject;
  keyVersion: number;
  /** At most one publication starts per this many ms (bursts are coalesced). */
  intervalMs?: number;
  /** After a quiet spell, how long the first change waits for others of its burst. */
  settleMs?: number;
  /** A failed publication is tried again after this many ms. */
  retryMs?: number;
  timestampEveryMs?: number;
  retentionDays?: number;
  now?: () => Date;
  onError?: (error: unknown) => void;
}

interface Waiter {
  changeId: number;
  resolve: (sequence: number | null) => void;
  reject: (error: Error) => void;
}

const DAY_MS = 86_400_000;

/**
 * Turns accepted changes into publications in DIR/pub/: coalesced (at most one sequence per
 * interval), one at a time, and waited on by the writes that asked for them. Re-signs the
 * timestamp every hour so kiosks can tell a current list from a replayed one.
 */
export class Publisher {
  private readonly reader: Db;
  private readonly folder: string;
  private signing: SigningKey;
  private readonly o: Required<Omit<PublisherOptions, 'key' | 'keyVersion'>>;
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private lastStart = Number.NEGATIVE_INFINITY;
  private readonly clock: NodeJS.Timeout;
  private closed = false;

  private constructor(options: PublisherOptions) {
    this.o = {
      intervalMs: 2000,
      settleMs: 100,
      retryMs: 10_000,
      timestampEveryMs: 3600_000,
      retentionDays: 30,
      now: () => new Date(),
      onError: () => undefined,
      ...options,
    };
    this.signing = { key: options.key, version: options.keyVersion };
    this.folder = pubDir(options.dir);
    fs.mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    this.reader = new Database(registryDbPath(options.dir), { readonly: true });
    this.reader.pragma('busy_timeout = 5000');
    this.clock = setInterval(() => this.resign(), this.o.timestampEveryMs);
    this.clock.unref();
  }

  /**
   * Starts publishing for the registry in `dir`: what a crash left half-written is removed, the
   * timestamp is signed afresh, and changes still unpublished are published next.
   */
  static start(options: PublisherOptions): Publisher {
    const publisher = new Publisher(options);
    removeStrays(publisher.folder, publisher.latest()?.sequence ?? 0);
    publisher.resign();
    if (lastUnpublishedChange(options.db) !== null) publisher.schedule();
    return publisher;
  }

  /** The newest publication's sequence and manifest hash, or null before the first. */
  latest(): { sequence: number; manifestSha256: string } | null {
    const row = this.o.db.prepare('SELECT sequence, manifest_sha256 FROM publications ORDER BY sequence DESC LIMIT 1').get() as
      { sequence: number; manifest_sha256: string } | undefined;
    return row ? { sequence: row.sequence, manifestSha256: row.manifest_sha256 } : null;
  }

  /**
   * The sequence of the publication that carries `changeId`, once it is on disk; for a write that
   * changed nothing (null), the newest sequence. Null when nothing can be published (no space).
   */
  published(changeId: number | null): Promise<number | null> {
    if (changeId === null) return Promise.resolve(this.latest()?.sequence ?? null);
    const sequence = publishedIn(this.o.db, changeId);
    if (typeof sequence === 'number') return Promise.resolve(sequence);
    if (sequence === undefined) return Promise.reject(new Error(`there is no change ${changeId} in the change log`));
    if (this.closed) return Promise.reject(new KioskError('the registry is stopping: the change is saved and is published when it starts again'));
    return new Promise((resolve, reject) => {
      this.waiters.push({ changeId, resolve, reject });
      this.schedule();
    });
  }

  /** Publishes soon, for a change nobody waits on (the coordinator's). */
  nudge(): void {
    this.schedule();
  }

  /** A rotated online key signs from now on, starting with a fresh timestamp. */
  setKey(key: KeyObject, keyVersion: number): void {
    this.signing = { key, version: keyVersion };
    this.resign();
  }

  /** Signs the timestamp again for the newest publication, six hours ahead. */
  resign(): void {
    try {
      const latest = this.latest();
      if (latest) writeTimestamp(this.folder, latest, this.signing, this.o.now());
    } catch (error) {
      this.o.onError(error);
    }
  }

  /** Stops; a publication under way is finished first. Writes still waiting are told their change waits for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.clock);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    for (const w of this.waiters.splice(0)) w.reject(new KioskError('the registry is stopping: the change is saved and is published when it starts again'));
    this.reader.close();
  }

  private schedule(delay?: number): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    const wait = delay ?? Math.max(this.o.settleMs, this.lastStart + this.o.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.run().then((retry) => {
        this.running = null;
        // Changes and waiters that came while it ran (`again`) go out next, no sooner than the interval allows.
        if (this.closed) return;
        if (retry) this.schedule(this.o.retryMs);
        else if (this.again || this.waiters.length) this.schedule();
      });
    }, wait);
  }

  /** One publication; true when it failed and is to be tried again. */
  private async run(): Promise<boolean> {
    this.lastStart = Date.now();
    this.again = false;
    try {
      const now = this.o.now();
      const result = await publish({ db: this.o.db, reader: this.reader, folder: this.folder, signing: this.signing, now });
      if (result) {
        this.settle(result);
        this.prune(result.sequence, now);
      } else {
        this.settleUnpublished();
      }
      return false;
    } catch (error) {
      this.o.onError(error);
      const why = error instanceof Error ? error.message : String(error);
      for (const w of this.waiters.splice(0))
        w.reject(
          new KioskError(`the change is saved but was not published yet (${why}); it goes out with the next publication`, 'not_saved', { cause: error }),
        );
      return true;
    }
  }

  private settle(result: Published): void {
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.changeId <= result.upTo) w.resolve(result.sequence);
      else still.push(w);
    }
    this.waiters = still;
  }

  /**
   * After a run that published nothing: a change already out gets its sequence; one waiting in an
   * alliance with no space to publish gets null; any other came after the run looked, and waits.
   */
  private settleUnpublished(): void {
    const noSpace = this.o.db.prepare(`SELECT count(*) FROM spaces WHERE ${PUBLISHED_SPACE}`).pluck().get() === 0;
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      const sequence = publishedIn(this.o.db, w.changeId);
      if (typeof sequence === 'number') w.resolve(sequence);
      else if (noSpace) w.resolve(null);
      else still.push(w);
    }
    this.waiters = still;
  }

  private prune(latest: number, now: Date): void {
    const since = new Date(now.getTime() - this.o.retentionDays * DAY_MS).toISOString();
    const kept = this.o.db.prepare('SELECT 1 FROM publications WHERE sequence = ? AND generated_at >= ?').pluck();
    try {
      prune(this.folder, latest, (sequence) => kept.get(sequence, since) !== undefined);
    } catch (error) {
      this.o.onError(error);
    }
  }
}

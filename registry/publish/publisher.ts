import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { KioskError } from '../../core/errors.js';
import type { Db } from '../../db/open.js';
import { awaitsPublication, lastUnpublishedChange, publishedIn } from '../store/changes.js';
import { openRegistryReader } from '../store/open.js';
import { PUBLISHED_SPACE } from './feed-text.js';
import { publishAndPrune, type PublishJob, type PublishOutcome } from './publish-job.js';
import { pubDir, removeStrays } from './pub-files.js';
import type { Published } from './publication.js';
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
  /**
   * Runs one publication somewhere else (the registry's writer thread, registry/writer/), so
   * streaming a million members never holds up the requests this thread answers. Without it,
   * publications run here.
   */
  runPublication?: (job: PublishJob) => Promise<PublishOutcome>;
}

interface Waiter {
  changeId: number;
  resolve: (sequence: number | null) => void;
  reject: (error: Error) => void;
}

/**
 * Turns accepted changes into publications in DIR/pub/: coalesced (at most one sequence per
 * interval), one at a time, and waited on by the writes that asked for them. Re-signs the
 * timestamp every hour so kiosks can tell a current list from a replayed one.
 */
export class Publisher {
  private reader: Db | null = null;
  private readonly folder: string;
  private signing: SigningKey;
  private readonly o: Required<Omit<PublisherOptions, 'key' | 'keyVersion' | 'runPublication'>>;
  private readonly runPublication: (job: PublishJob) => Promise<PublishOutcome>;
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
    this.runPublication = options.runPublication ?? ((job) => publishAndPrune(this.o.db, this.ownReader(), this.folder, job));
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
   * changed nothing (null), or a change that alters nothing kiosks receive, the newest sequence.
   * Null when nothing can be published (no space).
   */
  published(changeId: number | null): Promise<number | null> {
    if (changeId === null) return Promise.resolve(this.latest()?.sequence ?? null);
    const sequence = publishedIn(this.o.db, changeId);
    if (typeof sequence === 'number') return Promise.resolve(sequence);
    if (sequence === undefined) return Promise.reject(new Error(`there is no change ${changeId} in the change log`));
    if (!awaitsPublication(this.o.db, changeId)) return Promise.resolve(this.latest()?.sequence ?? null);
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

  /**
   * A rotated online key signs from now on. The timestamp moves to it with the first publication
   * it signs (the rotation's own change), not before: a timestamp by the new key naming the
   * manifest the old one signed is refused by every kiosk that takes the new key.
   */
  setKey(key: KeyObject, keyVersion: number): void {
    this.signing = { key, version: keyVersion };
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
    this.reader?.close();
  }

  /** A read-only connection of the publisher's own, for publications run on this thread. */
  private ownReader(): Db {
    return (this.reader ??= openRegistryReader(this.o.dir));
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
      const { published, pruneProblem } = await this.runPublication({ signing: this.signing, now: this.o.now(), retentionDays: this.o.retentionDays });
      if (pruneProblem) this.o.onError(new Error(`old publications were not removed: ${pruneProblem}`));
      if (published) this.settle(published);
      else this.settleUnpublished();
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
      else if (!awaitsPublication(this.o.db, w.changeId)) w.resolve(this.latest()?.sequence ?? null);
      else still.push(w);
    }
    this.waiters = still;
  }
}

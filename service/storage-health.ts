import fs from 'node:fs';
import path from 'node:path';
import type { StorageProblem } from '../core/api/kiosk-info.js';
import { createPrivateFile } from '../db/durable.js';
import { databaseLoss, FILE_LOST_MESSAGE } from '../db/file-identity.js';
import { storageFault, type Db } from '../db/open.js';
import { syncState } from '../db/sync-state.js';
import { Worker } from 'node:worker_threads';
import { fileStamp, restoreAdvice } from './backup/names.js';
import type { Logger } from './logging/logger.js';
import type { StorageCheckData, StorageCheckMessage } from './storage-check-worker.js';
import { problemsIn, type PageProblems } from './storage-pages.js';

/** How often the running kiosk looks whether its database file is still the one it opened. */
const FILE_CHECK_MS = 1_000;

export interface StorageHooks {
  now: () => Date;
  logger: Logger;
  /** Every screen hears the problems there are now. */
  emit: (problems: StorageProblem[]) => void;
  backupFolder: () => string;
  /** The visa list's feed URL, if it has one. */
  feedUrl: () => string | undefined;
  /** Downloads the whole feed again and installs it. */
  sync: () => Promise<unknown>;
  /** The built storage-check worker (dist/node/storage-check-worker.js): the start-up check runs there, else on this thread. */
  checkWorker?: string;
}

/** The file a rescued visit log is copied to: beside the database, named by when. */
export function rescueFileFor(databaseFile: string, at: Date): string {
  return `${databaseFile.replace(/\.db$/i, '')}-rescued-${fileStamp(at)}.db`;
}

/** Rescued copies left beside a database by a kiosk whose file was deleted or replaced, oldest first. */
export function rescuedCopies(databaseFile: string): string[] {
  const dir = path.dirname(databaseFile);
  const prefix = `${path.basename(databaseFile).replace(/\.db$/i, '')}-rescued-`;
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((name) => name.startsWith(prefix) && name.endsWith('.db'))
        .sort()
        .map((name) => path.join(dir, name))
    : [];
}

/**
 * The kiosk's own files: the database file deleted or replaced under it, a damaged visit log, a
 * damaged visa list file. Each is found at start, on use or on a short timer, logged, and told to
 * every screen until it is put right.
 */
export class StorageHealth {
  private readonly found = new Map<StorageProblem['kind'], StorageProblem>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly hooks: StorageHooks,
  ) {}

  problems(): StorageProblem[] {
    return [...this.found.values()];
  }

  /**
   * At the start of a kiosk on show: a quick_check of the visit log and the list (off this thread
   * where it can), then the file watch. Resolves once the check has ended, however it ended.
   */
  start(): Promise<void> {
    this.checkFile();
    this.timer = setInterval(() => this.checkFile(), FILE_CHECK_MS);
    this.timer.unref();
    if (this.hooks.checkWorker) return this.checkPagesAside(this.hooks.checkWorker);
    this.checkPages();
    return Promise.resolve();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** An error a call met: a damaged page is traced to its file; a refused write may be a lost file. */
  noticed(error: unknown): void {
    if (!this.db.open) return;
    if (storageFault(error) === 'damaged' && !this.found.has('listDamaged') && !this.found.has('visitLogDamaged')) this.checkPages();
    this.checkFile();
  }

  /** A read that a damaged page must not stop (the screens' start-up): the damage is noticed, `fallback` given instead. */
  despiteDamage<T>(read: () => T, fallback: T): T {
    try {
      return read();
    } catch (error) {
      if (storageFault(error) !== 'damaged') throw error;
      this.noticed(error);
      return fallback;
    }
  }

  /** A new visa list was installed: a damaged one is gone. */
  listReplaced(): void {
    if (this.found.delete('listDamaged')) this.changed();
  }

  /**
   * The database's path no longer names the file the kiosk has open. Every write is refused from
   * now on (db/file-identity.ts); the visits the open file holds are copied beside it, and its
   * write-ahead log is emptied into it, so a restarted kiosk never replays it into another file.
   */
  checkFile(): void {
    if (this.found.has('fileLost') || !this.db.open) return;
    const loss = databaseLoss(this.db);
    if (!loss) return;
    const at = this.hooks.now();
    let rescued: string;
    try {
      rescued = rescueFileFor(this.db.name, at);
      fs.mkdirSync(path.dirname(rescued), { recursive: true, mode: 0o700 });
      createPrivateFile(rescued);
      this.db.prepare('VACUUM main INTO ?').run(rescued);
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (error) {
      rescued = `nowhere (${(error as Error).message})`;
    }
    const message = `${FILE_LOST_MESSAGE}. ${this.db.name} was ${loss} while the kiosk ran; the visits it had are copied to ${rescued}: stop the kiosk, then visa-kiosk restore ${rescued}`;
    this.add({ kind: 'fileLost', message, since: at.toISOString() });
  }

  /** quick_check of the list, then the visit log: which file a damaged page is in. */
  private checkPages(): void {
    this.pagesChecked({ list: problemsIn(this.db, 'list'), main: problemsIn(this.db, 'main') });
  }

  /** The same check on a worker with a read-only connection of its own: every page of both files is read, and taps go on meanwhile. */
  private checkPagesAside(file: string): Promise<void> {
    const listFile = this.attachedList();
    const notRun = (why: string) => this.hooks.logger.warn('storage.check', { message: `the start-up check of the kiosk's files did not run: ${why}` });
    return new Promise((resolve) => {
      const worker = new Worker(file, { workerData: { database: this.db.name, listFile } satisfies StorageCheckData });
      worker.unref();
      worker.once('message', (message: StorageCheckMessage) => {
        if (!this.db.open) return;
        // A list installed while the check ran is not the file it read.
        if (message.type === 'done') this.pagesChecked({ ...message.problems, list: this.attachedList() === listFile ? message.problems.list : null });
        else notRun(message.message);
      });
      worker.once('error', (error) => notRun(error.message));
      worker.once('exit', () => resolve());
    });
  }

  private attachedList(): string | null {
    return (this.db.pragma('database_list') as { name: string; file: string }[]).find((d) => d.name === 'list')?.file || null;
  }

  private pagesChecked({ list, main }: PageProblems): void {
    if (list) this.listDamaged(list);
    if (main) {
      const restore = restoreAdvice(this.db.name, this.hooks.backupFolder()).text;
      this.add({
        kind: 'visitLogDamaged',
        message: `the visit log ${this.db.name} is damaged (${main}): check-ins may not be saved; stop the kiosk and restore a backup: ${restore}`,
        since: this.hooks.now().toISOString(),
      });
    }
  }

  /** The list file came from elsewhere, whole: it is fetched again whole, and used as it is meanwhile. */
  private listDamaged(problem: string): void {
    const url = this.hooks.feedUrl();
    const what = `the visa list file is damaged (${problem})`;
    const message = url
      ? `${what}: fetching the whole list again from ${url}; some badges may not be recognised until then`
      : `${what}: import the visa list again (visa-kiosk visa import FILE); some badges may not be recognised until then`;
    try {
      syncState(this.db).damaged(message);
    } catch {
      // The kiosk database itself may refuse the note; the problem is still told below.
    }
    this.add({ kind: 'listDamaged', message, since: this.hooks.now().toISOString() });
    if (url) {
      this.hooks
        .sync()
        .catch((error: unknown) =>
          this.hooks.logger.warn('storage.listRefetch', { message: `the damaged visa list could not be fetched again: ${(error as Error).message}` }),
        );
    }
  }

  private add(problem: StorageProblem): void {
    this.found.set(problem.kind, problem);
    this.hooks.logger.error(`storage.${problem.kind}`, { message: problem.message });
    this.changed();
  }

  private changed(): void {
    this.hooks.emit(this.problems());
  }
}

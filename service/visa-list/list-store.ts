import fs from 'node:fs';
import path from 'node:path';
import { attachList, createEmptyListFile, detachList, hasMatchKeys, newListPath, rekeyListFile } from '../../db/list-file.js';
import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/write-tx.js';
import type { SyncStateTable } from '../../db/sync-state.js';
import { visaList, type VisaList } from '../../db/visa-list.js';
import type { BuildOutcome } from './build-job.js';
import { buildAndPoint, removeListFile, removeStrays, type BuildRequest } from './list-install.js';

/** Thrown inside a write whose transaction found a newer list installed: it is run again on that list. */
const LIST_CHANGED = Symbol('the installed list changed');

/**
 * The kiosk's copy of the visa list: which list file is installed, attached to the kiosk
 * database as `list`, and how a new one replaces it. Other processes (the CLI beside a running
 * kiosk) may install a list at any time, so the pointer is checked before each use.
 */

export class ListStore {
  private attached: string | null = null;
  private reader: VisaList | null = null;
  private readonly dataVersion;
  /** The database's data version when the pointer was last found to name the attached list, at the sequence its reader has. */
  private currentAt: unknown = null;
  private readerSequence: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly sync: SyncStateTable,
    private readonly options: { workerFile?: string | undefined; now: () => Date },
  ) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.refresh();
  }

  private get folder(): string {
    return path.dirname(this.db.name);
  }

  /**
   * The installed list, reattached first if another process has installed a newer one. Inside
   * a transaction the attached list is kept: SQLite cannot swap databases mid-transaction, so
   * callers refresh before they begin one.
   */
  get list(): VisaList {
    if (!this.db.inTransaction) this.refresh();
    return this.reader!;
  }

  /**
   * `write` in one IMMEDIATE transaction (writeTx) that reads the installed list. Whether another
   * process installed a newer one is checked inside it, not by a read of its own before (a
   * transaction of its own, on every tap): the data version, which changes only when another
   * connection commits, says whether the pointer needs reading at all. When it names a newer
   * list, nothing is written: the transaction is rolled back, the list attached, and `write` run again.
   */
  write<T>(what: string, write: () => T): T {
    for (;;) {
      try {
        return writeTx(this.db, what, () => {
          if (this.listChanged()) throw LIST_CHANGED;
          return write();
        });
      } catch (error) {
        if (error !== LIST_CHANGED) throw error;
        this.refresh();
      }
    }
  }

  private listChanged(): boolean {
    const version = this.dataVersion.get();
    if (version === this.currentAt) return false;
    if (this.sync.listFile() !== this.attached) return true;
    this.confirm(version);
    return false;
  }

  /**
   * The pointer names the attached list as of `version`, read before it. A list file edited in
   * place (deltas from a registry, by another process, which also commits to the kiosk database
   * and so moves its data version) gets a fresh reader: its spaces and partial entries may have changed.
   */
  private confirm(version: unknown): void {
    this.currentAt = version;
    if (this.reader && this.sequenceRead() !== this.readerSequence) this.reload();
  }

  /** Drops what the reader remembers of the list (after deltas are applied to it in place). */
  reload(): void {
    this.reader = visaList(this.db);
    this.readerSequence = this.sequenceRead();
  }

  /** The attached list's sequence; null for a damaged file, which a tap then meets and reports. */
  private sequenceRead(): number | null {
    try {
      return this.reader!.info().sequence;
    } catch {
      return null;
    }
  }

  refresh(): void {
    const version = this.dataVersion.get();
    let name = this.sync.read().listFile;
    if (name === this.attached && this.reader) {
      if (version !== this.currentAt) this.confirm(version);
      return;
    }
    if (name === null || !fs.existsSync(path.join(this.folder, name))) name = this.createEmpty(name);
    if (this.attached !== null) detachList(this.db);
    attachList(this.db, path.join(this.folder, name));
    if (!hasMatchKeys(this.db, 'list')) {
      detachList(this.db);
      name = this.rekey(name);
      attachList(this.db, path.join(this.folder, name));
    }
    this.attached = name;
    this.reload();
  }

  /** A list installed by an older kiosk, rebuilt once with the keys short reads are found by; the old file goes as a stray. */
  private rekey(old: string): string {
    const file = newListPath(this.db.name);
    rekeyListFile(path.join(this.folder, old), file);
    const name = path.basename(file);
    this.db
      .transaction(() => {
        if (this.sync.read().listFile === old) this.sync.pointTo(name);
      })
      .immediate();
    const current = this.sync.read().listFile!;
    if (current !== name) fs.rmSync(file, { force: true });
    return current;
  }

  /** A new kiosk, or one whose list file was deleted by hand, starts from an empty list. */
  private createEmpty(missing: string | null): string {
    const file = newListPath(this.db.name);
    createEmptyListFile(file);
    const name = path.basename(file);
    writeTx(this.db, 'the visa list', () => {
      if (this.sync.read().listFile !== missing) return;
      if (missing === null) this.sync.pointTo(name);
      else this.sync.lost(name, `the installed list file ${missing} was missing: the list is empty until the next import or sync`);
    });
    const current = this.sync.read().listFile!;
    if (current !== name) fs.rmSync(file, { force: true });
    return current;
  }

  /** Builds a new list file and installs it (list-install.ts), then attaches it and removes the one it replaced. */
  async install(request: BuildRequest): Promise<BuildOutcome> {
    this.refresh();
    const { db, sync, options } = this;
    const current = path.join(this.folder, this.attached!);
    const outcome = await buildAndPoint({ db, sync, now: options.now, workerFile: options.workerFile, current, listFile: newListPath(db.name) }, request);
    const previous = this.attached;
    this.refresh();
    if (previous !== null && previous !== path.basename(outcome.listFile)) removeListFile(path.join(this.folder, previous));
    removeStrays(db.name, path.join(this.folder, this.attached!));
    return outcome;
  }
}

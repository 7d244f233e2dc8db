import fs from 'node:fs';
import path from 'node:path';
import { KioskError } from '../../core/errors.js';
import { PASS_LIFETIME_MS } from '../../core/pass/pass-verdict.js';
import { retryWhileBusy } from '../../db/busy-retry.js';
import { attachList, cannotRead, createEmptyListFile, detachList, hasMatchKeys, newListPath, rekeyListFile, strayListFiles } from '../../db/list-file.js';
import type { Db } from '../../db/open.js';
import { passTrust } from '../../db/pass-trust.js';
import { notSaved, writeTx } from '../../db/write-tx.js';
import type { SyncStateTable } from '../../db/sync-state.js';
import { visaList, type VisaList } from '../../db/visa-list.js';
import type { BuildJob, BuildOutcome } from './build-job.js';
import { buildOffThread } from './build-threads.js';

export interface BuildRequest {
  format: 'feed' | 'csv';
  bytes?: Uint8Array;
  path?: string;
  signature: string | null;
  publicKeyPem: string | null;
  source: string;
  validators?: { url: string; etag: string | null; lastModified: string | null };
  /** This kiosk's space.id, which a feed must keep. */
  ownSpace: string | null;
  /** Checked before the build against hashes the alliance signed (a registry's manifest), not by a `.sig`. */
  verified?: boolean;
  /** A registry's list: members it removes are remembered for a visa pass's lifetime (db/pass-trust.ts). */
  rememberRemoved?: boolean;
}

/** A stray list file younger than this may be another process's import in progress. */
const STRAY_AGE_MS = 10 * 60_000;

/**
 * What the builder reads: the bytes given, or the file. An unsigned feed file is left on disk
 * for the builder to stream (a million-member feed is hundreds of megabytes); anything else is
 * read here. Either way an unreadable file is refused here, before a build starts.
 */
function readSource(request: BuildRequest): Pick<BuildJob, 'bytes' | 'path'> {
  if (request.bytes) return { bytes: request.bytes };
  const file = request.path!;
  try {
    if (request.format === 'feed' && !request.publicKeyPem) {
      if (fs.statSync(file).isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
      fs.accessSync(file, fs.constants.R_OK);
      return { path: file };
    }
    return { bytes: fs.readFileSync(file) };
  } catch (error) {
    throw cannotRead(file, error);
  }
}

/**
 * The kiosk's copy of the visa list: which list file is installed, attached to the kiosk
 * database as `list`, and how a new one replaces it. Other processes (the CLI beside a running
 * kiosk) may install a list at any time, so the pointer is checked before each use.
 */
/** Thrown inside a write whose transaction found a newer list installed: it is run again on that list. */
const LIST_CHANGED = Symbol('the installed list changed');

export class ListStore {
  private attached: string | null = null;
  private reader: VisaList | null = null;
  private readonly dataVersion;
  /** The database's data version when the pointer was last found to name the attached list. */
  private checkedVersion: unknown = null;
  private readerSequence: number | null = null;
  private editVersion: unknown = null;

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
    if (version === this.checkedVersion) return false;
    const changed = this.sync.listFile() !== this.attached;
    if (!changed) {
      this.checkedVersion = version;
      this.reloadIfEdited();
    }
    return changed;
  }

  /** A list file edited in place (deltas from a registry, by this process or another) gets a fresh reader: its spaces and partial entries may have changed. */
  private reloadIfEdited(): void {
    // Another process that applies deltas also commits to the kiosk database, which moves its data version.
    const version = this.dataVersion.get();
    if (version === this.editVersion) return;
    this.editVersion = version;
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
    let name = this.sync.read().listFile;
    if (name === this.attached && this.reader) return this.reloadIfEdited();
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

  /** Builds a new list file (in a worker thread when the build has one) and installs it. */
  async install(request: BuildRequest): Promise<BuildOutcome> {
    this.refresh();
    const state = this.sync.read();
    const job: BuildJob = {
      format: request.format,
      ...readSource(request),
      signature: request.signature,
      publicKeyPem: request.publicKeyPem,
      listFile: newListPath(this.db.name),
      currentListFile: path.join(this.folder, this.attached!),
      installedSequence: state.sequence,
      ownSpace: request.ownSpace,
      ...(request.rememberRemoved && { listRemoved: true }),
    };
    let outcome: BuildOutcome;
    try {
      outcome = await buildOffThread(job, this.options.workerFile);
    } catch (error) {
      fs.rmSync(job.listFile, { force: true });
      const known = notSaved('the visa list', error);
      if (known instanceof KioskError) this.recordFailure(known);
      throw known;
    }
    const name = path.basename(outcome.listFile);
    try {
      // A build can take minutes: a moment's lock by another program must not waste it.
      await retryWhileBusy(() =>
        writeTx(this.db, 'the visa list', () => {
          // Checked again under the write lock: another process may have installed a list meanwhile.
          const now = this.sync.read();
          if (request.format === 'feed' && now.sequence !== null && outcome.sequence !== null && outcome.sequence < now.sequence) {
            throw new KioskError(
              `the feed's sequence ${outcome.sequence} is older than the installed list's ${now.sequence}: a roll-back is refused`,
              'refused',
              { detail: { what: 'list_rollback' } },
            );
          }
          if (request.format === 'csv' && now.listFile !== state.listFile)
            throw new KioskError('the visa list changed while the CSV was read: import it again', 'refused', { detail: { what: 'list_changed' } });
          this.sync.installed({
            listFile: name,
            sequence: outcome.sequence,
            generatedAt: outcome.generatedAt,
            at: this.options.now().toISOString(),
            source: request.source,
            signed: outcome.signed || request.verified === true,
            ...(request.validators && { validators: request.validators }),
          });
          if (outcome.removedMembers?.length && outcome.generatedAt) {
            const at = new Date(outcome.generatedAt);
            passTrust(this.db).removed(outcome.removedMembers, at.toISOString(), new Date(at.getTime() - PASS_LIFETIME_MS).toISOString());
          }
        }),
      );
    } catch (error) {
      fs.rmSync(outcome.listFile, { force: true });
      if (error instanceof KioskError) this.recordFailure(error);
      throw error;
    }
    const previous = this.attached;
    this.refresh();
    if (previous !== null && previous !== name) this.remove(path.join(this.folder, previous));
    this.removeStrays();
    return { ...outcome, signed: outcome.signed || request.verified === true };
  }

  /** The list's last error; on a full disk even that small write may be refused, and the caller still hears why. */
  private recordFailure(error: KioskError): void {
    try {
      this.sync.failed(error);
    } catch {
      // Said to the caller all the same.
    }
  }

  /** Another process may still have the old file open; where the OS refuses, the next install retries. */
  private remove(file: string): void {
    for (const f of [file, `${file}-journal`]) {
      try {
        fs.rmSync(f, { force: true });
      } catch {
        // Still open elsewhere (Windows): removed as a stray later.
      }
    }
  }

  private removeStrays(): void {
    const now = Date.now();
    for (const file of strayListFiles(this.db.name, path.join(this.folder, this.attached!))) {
      const age = now - (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? now);
      if (age > STRAY_AGE_MS) this.remove(file);
    }
  }
}

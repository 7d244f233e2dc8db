import { PASS_LIFETIME_MS } from '../../core/pass/pass-verdict.js';
import { passTrust } from '../../db/pass-trust.js';
import fs from 'node:fs';
import path from 'node:path';
import { KioskError } from '../../core/errors.js';
import { retryWhileBusy } from '../../db/busy-retry.js';
import { cannotRead, strayListFiles } from '../../db/list-file.js';
import type { Db } from '../../db/open.js';
import type { SyncStateTable } from '../../db/sync-state.js';
import { notSaved, writeTx } from '../../db/write-tx.js';
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

/** What an install needs of the kiosk: its database, the list pointer, and the list file it had installed when the build began. */
export interface InstallTarget {
  db: Db;
  sync: SyncStateTable;
  now: () => Date;
  workerFile?: string | undefined;
  /** The installed list file (a path), read before the build. */
  current: string;
  /** The new list file's path, beside the database. */
  listFile: string;
}

/**
 * Builds a new list file (in a worker thread when the build has one) and points the kiosk to it,
 * unless the list installed meanwhile refuses it (an older feed, a CSV read against a list since
 * replaced). A refused or failed build leaves no file behind and is recorded as the list's last error.
 */
export async function buildAndPoint(target: InstallTarget, request: BuildRequest): Promise<BuildOutcome> {
  const { db, sync } = target;
  const state = sync.read();
  const job: BuildJob = {
    format: request.format,
    ...readSource(request),
    signature: request.signature,
    publicKeyPem: request.publicKeyPem,
    listFile: target.listFile,
    currentListFile: target.current,
    installedSequence: state.sequence,
    ownSpace: request.ownSpace,
    ...(request.rememberRemoved && { listRemoved: true }),
  };
  let outcome: BuildOutcome;
  try {
    outcome = await buildOffThread(job, target.workerFile);
  } catch (error) {
    fs.rmSync(job.listFile, { force: true });
    const known = notSaved('the visa list', error);
    if (known instanceof KioskError) recordFailure(sync, known);
    throw known;
  }
  try {
    // A build can take minutes: a moment's lock by another program must not waste it.
    await retryWhileBusy(() =>
      writeTx(db, 'the visa list', () => {
        // Checked again under the write lock: another process may have installed a list meanwhile.
        const now = sync.read();
        if (request.format === 'feed' && now.sequence !== null && outcome.sequence !== null && outcome.sequence < now.sequence) {
          throw new KioskError(
            `the feed's sequence ${outcome.sequence} is older than the installed list's ${now.sequence}: a roll-back is refused`,
            'refused',
            {
              detail: { what: 'list_rollback' },
            },
          );
        }
        if (request.format === 'csv' && now.listFile !== state.listFile)
          throw new KioskError('the visa list changed while the CSV was read: import it again', 'refused', { detail: { what: 'list_changed' } });
        sync.installed({
          listFile: path.basename(outcome.listFile),
          sequence: outcome.sequence,
          generatedAt: outcome.generatedAt,
          at: target.now().toISOString(),
          source: request.source,
          signed: outcome.signed || request.verified === true,
          ...(request.validators && { validators: request.validators }),
        });
        if (outcome.removedMembers?.length && outcome.generatedAt) {
          const at = new Date(outcome.generatedAt);
          passTrust(db).removed(outcome.removedMembers, at.toISOString(), new Date(at.getTime() - PASS_LIFETIME_MS).toISOString());
        }
      }),
    );
  } catch (error) {
    fs.rmSync(outcome.listFile, { force: true });
    if (error instanceof KioskError) recordFailure(sync, error);
    throw error;
  }
  return { ...outcome, signed: outcome.signed || request.verified === true };
}

/** The list's last error; on a full disk even that small write may be refused, and the caller still hears why. */
function recordFailure(sync: SyncStateTable, error: KioskError): void {
  try {
    sync.failed(error);
  } catch {
    // Said to the caller all the same.
  }
}

/** Another process may still have the old file open; where the OS refuses, the next install retries. */
export function removeListFile(file: string): void {
  for (const f of [file, `${file}-journal`]) {
    try {
      fs.rmSync(f, { force: true });
    } catch {
      // Still open elsewhere (Windows): removed as a stray later.
    }
  }
}

/** List files beside the database that no install points to, once old enough not to be another process's import in progress. */
export function removeStrays(database: string, installed: string): void {
  const now = Date.now();
  for (const file of strayListFiles(database, installed)) {
    const age = now - (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? now);
    if (age > STRAY_AGE_MS) removeListFile(file);
  }
}

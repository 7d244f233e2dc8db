import Database from 'better-sqlite3';
import fs from 'node:fs';
import { KioskError } from '../../core/errors.js';
import { cannotRead, createListFile, sealListFile } from '../../db/list-file.js';
import type { BuildJob, BuildOutcome } from './build-job.js';
import { buildFromPipe, scanIntoPipe } from './build-pipe.js';
import { buildFromCsv } from './csv-build.js';
import { buildFromFeed, fileReader, IdListedTwice } from './feed-build.js';
import { verifyFeedSignature } from './feed-signature.js';
import { Problems } from './record-problems.js';

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
    let result: Omit<BuildOutcome, 'listFile' | 'signed' | 'skipped' | 'problems' | 'problemDetails'> | null = null;
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
    const removedMembers = job.listRemoved ? removedFrom(built, job.currentListFile) : undefined;
    sealListFile(built);
    db = null;
    return {
      listFile: job.listFile,
      ...result!,
      signed,
      skipped: problems.count,
      problems: problems.first,
      problemDetails: problems.details,
      ...(removedMembers && { removedMembers }),
    };
  } catch (error) {
    db?.close();
    fs.rmSync(job.listFile, { force: true });
    throw error;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** Members of the installed list that the new one leaves out: found here, off the tap path, as the new list is built. */
function removedFrom(built: Database.Database, installed: string): string[] {
  built.prepare('ATTACH DATABASE ? AS installed').run(installed);
  try {
    return built.prepare('SELECT id FROM installed.members WHERE id NOT IN (SELECT id FROM main.members)').pluck().all() as string[];
  } finally {
    built.exec('DETACH DATABASE installed');
  }
}

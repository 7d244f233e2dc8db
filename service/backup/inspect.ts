import Database from 'better-sqlite3';
import { KioskError } from '../../core/errors.js';
import { LIST_APPLICATION_ID } from '../../db/list-file.js';
import { MIGRATIONS } from '../../db/migrations.js';
import { APPLICATION_ID, type Db } from '../../db/open.js';

const sqliteCode = (error: unknown) => (error as { code?: string }).code ?? '';
const isDamage = (error: unknown) => ['SQLITE_NOTADB', 'SQLITE_CORRUPT'].includes(sqliteCode(error));

/**
 * The problems an integrity or quick check found, one line each (SQLite puts several in one row,
 * under a "*** in database main ***" heading), or none.
 */
export function integrityProblems(db: Db, pragma: string): string[] {
  const rows = db.pragma(pragma) as Record<string, string>[];
  const lines = rows.flatMap((row) => String(Object.values(row)[0] ?? '').split('\n'));
  if (lines.length === 1 && lines[0] === 'ok') return [];
  return lines.map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('***'));
}

/**
 * Says why a file to be restored is not a kiosk database this build can use: not SQLite,
 * another application's, a newer schema than this build knows, or damaged (a full
 * integrity_check). `shownAs` is the name the user gave. Returns the number of visits in it.
 */
export function inspectKioskCopy(db: Db, shownAs: string): { visits: number } {
  try {
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID) throw new KioskError(`${shownAs} is not a Visa Kiosk database (it is an SQLite file of another application)`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new KioskError(`${shownAs} was made by a newer Visa Kiosk (schema ${version}; this one knows up to ${MIGRATIONS.length}): update the kiosk first`);
    }
    const problems = integrityProblems(db, 'integrity_check');
    if (problems.length > 0)
      throw new KioskError(`${shownAs} is damaged: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}`);
    const visits = version >= 1 ? (db.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n : 0;
    return { visits };
  } catch (error) {
    if (error instanceof KioskError) throw error;
    if (sqliteCode(error) === 'SQLITE_NOTADB') throw new KioskError(`${shownAs} is not a Visa Kiosk database (it is not an SQLite file)`);
    if (isDamage(error)) throw new KioskError(`${shownAs} is damaged: ${(error as Error).message}`);
    throw error;
  }
}

/** Why a visa list file cannot be used (missing, not a list file, damaged), or null when it can. */
export function listFileProblem(file: string): string | null {
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    return 'missing';
  }
  try {
    if (db.pragma('application_id', { simple: true }) !== LIST_APPLICATION_ID) return 'not a visa list file';
    return integrityProblems(db, 'quick_check').length > 0 ? 'damaged' : null;
  } catch (error) {
    if (isDamage(error)) return 'damaged';
    throw error;
  } finally {
    db.close();
  }
}

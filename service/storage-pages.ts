import Database from 'better-sqlite3';
import { storageFault, type Db } from '../db/open.js';
import { integrityProblems } from './backup/inspect.js';

/** What a quick_check of each file found: null for a file without damage. */
export interface PageProblems {
  list: string | null;
  main: string | null;
}

/** quick_check of one file of the connection: its first problem (and how many more), or null. */
export function problemsIn(db: Db, schema: 'main' | 'list'): string | null {
  try {
    const found = integrityProblems(db, `${schema}.quick_check`);
    return found.length === 0 ? null : found[0]! + (found.length > 1 ? ` and ${found.length - 1} more` : '');
  } catch (error) {
    return storageFault(error) === 'damaged' ? (error as Error).message : null;
  }
}

/** The same checks on a read-only connection of their own (the storage-check worker): they read every page of both files. */
export function problemsInFiles(database: string, listFile: string | null): PageProblems {
  const db = new Database(database, { readonly: true, fileMustExist: true });
  try {
    if (listFile) db.prepare('ATTACH DATABASE ? AS list').run(listFile);
    return { list: listFile ? problemsIn(db, 'list') : null, main: problemsIn(db, 'main') };
  } finally {
    db.close();
  }
}

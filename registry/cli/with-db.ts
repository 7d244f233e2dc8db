import type { Db } from '../../db/open.js';
import { openRegistryDb } from '../store/open.js';

/** The registry's database in `dir`, open for `use` and closed after. */
export async function withDb<T>(dir: string, use: (db: Db) => T | Promise<T>): Promise<T> {
  const db = openRegistryDb(dir);
  try {
    return await use(db);
  } finally {
    db.close();
  }
}

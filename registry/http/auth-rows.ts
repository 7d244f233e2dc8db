import type { Db } from '../../db/open.js';
import { prepared } from '../../db/prepared.js';
import { getKiosk, type KioskRow } from '../store/kiosks.js';
import { getSpace, type SpaceRow } from '../store/spaces.js';

/** Past this many rows a cache starts again rather than grow: ids never enrolled are kept too. */
const MAX_ROWS = 10_000;

/**
 * The kiosk and space rows every signed request is checked against, read once and kept until the
 * database changes: a commit by any connection (the writer thread, `registry space suspend` in
 * another process) or by this one empties them, so a suspension or a revocation counts from the
 * next request. Two lookups per poll cost more than the rest of its answer but the signature.
 */
export class AuthRows {
  private version = '';
  private readonly kiosks = new Map<string, KioskRow | null>();
  private readonly spaces = new Map<string, SpaceRow | null>();

  constructor(private readonly db: Db) {}

  kiosk(id: string): KioskRow | null {
    return this.row(this.kiosks, id, getKiosk);
  }

  space(id: string): SpaceRow | null {
    return this.row(this.spaces, id, getSpace);
  }

  /** Empties the rows when the database changed since the last request; one statement, instead of two lookups. */
  checkFresh(): this {
    const { other, own } = prepared(this.db, 'SELECT data_version AS other, total_changes() AS own FROM pragma_data_version').get() as {
      other: number;
      own: number;
    };
    const version = `${other} ${own}`;
    if (version !== this.version) {
      this.kiosks.clear();
      this.spaces.clear();
      this.version = version;
    }
    return this;
  }

  private row<T>(rows: Map<string, T | null>, id: string, read: (db: Db, id: string) => T | null): T | null {
    let row = rows.get(id);
    if (row === undefined) {
      if (rows.size >= MAX_ROWS) rows.clear();
      rows.set(id, (row = read(this.db, id)));
    }
    return row;
  }
}

const byDb = new WeakMap<Db, AuthRows>();

/** This connection's rows a request's caller is checked against, as they are now: taken once per request. */
export function authRows(db: Db): AuthRows {
  let rows = byDb.get(db);
  if (!rows) byDb.set(db, (rows = new AuthRows(db)));
  return rows.checkFresh();
}

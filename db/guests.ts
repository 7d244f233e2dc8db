import type { Db } from './open.js';

export interface NewGuest {
  name: string;
  email: string | null;
  company: string | null;
  visiting: string | null;
  createdAt: string;
}

export function guests(db: Db) {
  const insert = db.prepare('INSERT INTO guests (name, email, company, visiting, created_at) VALUES (@name, @email, @company, @visiting, @createdAt)');
  return {
    add(guest: NewGuest): number {
      return Number(insert.run(guest).lastInsertRowid);
    },
  };
}

import path from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'vitest';
import { localDate } from '../../core/calendar';
import { openDatabase, type Db } from '../../db/open';
import { exportVisits } from '../../service/export/visit-log';
import { useTempDir } from '../fixtures/temp';

export interface Visit {
  at: string;
  localDate?: string;
  kind?: 'member' | 'visa' | 'day_pass' | 'guest' | null;
  decision?: 'admitted' | 'denied';
  reason?: string;
  memberId?: string | null;
  memberName?: string | null;
  guestId?: number | null;
  homeSpaceId?: string | null;
  homeSpaceName?: string | null;
  credentialValue?: string | null;
  overrideStaffId?: number | null;
  overrideReason?: string | null;
  price?: string | null;
  currency?: string | null;
  voidedAt?: string | null;
  voidedBy?: number | null;
  voidReason?: string | null;
}

/**
 * Kiosk databases in Lisbon with two staff, in folders removed after each test; visits are
 * written straight into the log.
 */
export function useLisbonLog() {
  const tempDir = useTempDir();
  return () => {
    const db = openDatabase(path.join(tempDir(), 'kiosk.db'));
    db.prepare(
      "INSERT INTO staff (id, name, role, pin_hash, created_at) VALUES (1, 'Rita Front', 'staff', 'x', '2026-01-01T00:00:00Z'), (2, '=Mgr', 'manager', 'x', '2026-01-01T00:00:00Z')",
    ).run();
    const insertVisit = db.prepare(`
    INSERT INTO visits (at, local_date, kind, decision, reason, member_id, member_name, guest_id, home_space_id, home_space_name,
      credential_kind, credential_value, override_staff_id, override_reason, price, currency, voided_at, voided_by, void_reason)
    VALUES (@at, @localDate, @kind, @decision, @reason, @memberId, @memberName, @guestId, @homeSpaceId, @homeSpaceName,
      CASE WHEN @credentialValue IS NULL THEN NULL ELSE 'barcode' END, @credentialValue, @overrideStaffId, @overrideReason, @price, @currency, @voidedAt, @voidedBy, @voidReason)`);
    const insertGuest = db.prepare("INSERT INTO guests (name, email, created_at) VALUES (?, ?, '2026-01-01T00:00:00Z')");
    const visit = (v: Visit): number =>
      Number(
        insertVisit.run({
          kind: 'visa',
          decision: 'admitted',
          reason: v.kind === undefined || v.kind === 'visa' ? 'visa' : (v.kind ?? 'unknown_credential'),
          memberId: null,
          memberName: null,
          guestId: null,
          homeSpaceId: null,
          homeSpaceName: null,
          credentialValue: null,
          overrideStaffId: null,
          overrideReason: null,
          price: null,
          currency: null,
          voidedAt: null,
          voidedBy: null,
          voidReason: null,
          ...v,
          // The service's own rule: the local date is the wall calendar in Lisbon at that instant.
          localDate: v.localDate ?? localDate(new Date(v.at), 'Europe/Lisbon'),
        }).lastInsertRowid,
      );
    const guest = (name: string, email: string | null = null) => Number(insertGuest.run(name, email).lastInsertRowid);
    return { db, visit, guest };
  };
}

/** Collects a stream's output as text. */
export function collector() {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks), text: () => Buffer.concat(chunks).toString('utf8') };
}

export async function visitsCsv(
  db: Db,
  filters: { from: string; to: string; kind?: 'visa' | 'day_pass' | 'member' | 'guest'; homeSpaceId?: string },
  bom = false,
) {
  const sink = collector();
  await exportVisits(db, filters, 'csv', sink.out, { bom });
  return sink;
}

export async function jsonLines(run: (out: Writable) => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const sink = collector();
  await run(sink.out);
  const text = sink.text();
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export const ids = async (db: Db, from: string, to: string) => (await jsonLines((out) => exportVisits(db, { from, to }, 'json', out))).map((v) => v.id);

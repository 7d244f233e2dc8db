import path from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { localDate } from '../../core/calendar';
import { openDatabase, type Db } from '../../db/open';
import { exportQueryPlans } from '../../db/visit-export';
import { exportSpaceReport } from '../../service/export/space-report';
import { exportVisits } from '../../service/export/visit-log';
import { VISIT_CSV_HEADER } from '../../service/export/visit-lines';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();

interface Visit {
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

/** A kiosk database in Lisbon with two staff; visits are written straight into the log. */
function lisbonLog() {
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
}

/** Collects a stream's output as text. */
function collector() {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks), text: () => Buffer.concat(chunks).toString('utf8') };
}

async function visitsCsv(db: Db, filters: { from: string; to: string; kind?: 'visa' | 'day_pass' | 'member' | 'guest'; homeSpaceId?: string }, bom = false) {
  const sink = collector();
  await exportVisits(db, filters, 'csv', sink.out, { bom });
  return sink;
}

async function jsonLines(run: (out: Writable) => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const sink = collector();
  await run(sink.out);
  const text = sink.text();
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const ids = async (db: Db, from: string, to: string) => (await jsonLines((out) => exportVisits(db, { from, to }, 'json', out))).map((v) => v.id);

describe('visit log export: local-date ranges', () => {
  it('takes the space’s own dates across the spring change in Lisbon (29 March 2026, 01:00 UTC)', async () => {
    const { db, visit } = lisbonLog();
    const before = visit({ at: '2026-03-28T23:30:00Z' }); // 23:30 WET on the 28th
    const earlyOnTheDay = visit({ at: '2026-03-29T00:30:00Z' }); // 00:30 WET on the 29th
    const lateOnTheDay = visit({ at: '2026-03-29T22:59:00Z' }); // 23:59 WEST on the 29th
    const nextDay = visit({ at: '2026-03-29T23:30:00Z' }); // 00:30 WEST on the 30th, still the 29th in UTC
    expect(localDate(new Date('2026-03-29T23:30:00Z'), 'Europe/Lisbon')).toBe('2026-03-30');
    expect(await ids(db, '2026-03-29', '2026-03-29')).toEqual([earlyOnTheDay, lateOnTheDay]);
    expect(await ids(db, '2026-03-28', '2026-03-29')).toEqual([before, earlyOnTheDay, lateOnTheDay]);
    expect(await ids(db, '2026-03-30', '2026-03-31')).toEqual([nextDay]);
  });

  it('takes the space’s own dates across the autumn change in Lisbon (25 October 2026, 01:00 UTC)', async () => {
    const { db, visit } = lisbonLog();
    const dayBefore = visit({ at: '2026-10-24T22:59:00Z' }); // 23:59 WEST on the 24th
    const first = visit({ at: '2026-10-24T23:30:00Z' }); // 00:30 WEST on the 25th, still the 24th in UTC
    const repeatedHour = visit({ at: '2026-10-25T01:30:00Z' }); // 01:30 WET, the hour that happens twice
    const last = visit({ at: '2026-10-25T23:59:00Z' }); // 23:59 WET on the 25th
    const dayAfter = visit({ at: '2026-10-26T00:00:00Z' }); // midnight WET on the 26th
    expect(await ids(db, '2026-10-25', '2026-10-25')).toEqual([first, repeatedHour, last]);
    expect(await ids(db, '2026-10-24', '2026-10-24')).toEqual([dayBefore]);
    expect(await ids(db, '2026-10-26', '2026-10-31')).toEqual([dayAfter]);
    expect(await ids(db, '2026-10-01', '2026-10-31')).toEqual([dayBefore, first, repeatedHour, last, dayAfter]);
  });

  it('orders by local date, then by visit id, and includes both ends of the range', async () => {
    const { db, visit } = lisbonLog();
    const late = visit({ at: '2026-05-02T10:00:00Z', localDate: '2026-05-02' });
    const early = visit({ at: '2026-05-01T10:00:00Z', localDate: '2026-05-01' });
    visit({ at: '2026-05-03T10:00:00Z', localDate: '2026-05-03' });
    expect(await ids(db, '2026-05-01', '2026-05-02')).toEqual([early, late]);
    expect(await ids(db, '2026-06-01', '2026-06-30')).toEqual([]);
  });

  it('filters by kind and by home space', async () => {
    const { db, visit, guest } = lisbonLog();
    const cedarVisa = visit({ at: '2026-04-01T10:00:00Z', memberId: 'cc-1', homeSpaceId: 'cedar' });
    const spreeVisa = visit({ at: '2026-04-01T11:00:00Z', memberId: 'sw-1', homeSpaceId: 'spree' });
    const cedarPass = visit({ at: '2026-04-02T10:00:00Z', kind: 'day_pass', memberId: 'cc-2', homeSpaceId: 'cedar', price: '15.00', currency: 'EUR' });
    const guestPass = visit({ at: '2026-04-02T11:00:00Z', kind: 'day_pass', guestId: guest('Walk In'), price: '15.00', currency: 'EUR' });
    const range = { from: '2026-04-01', to: '2026-04-30' };
    const filtered = async (f: { kind?: 'visa' | 'day_pass'; homeSpaceId?: string }) =>
      (await jsonLines((out) => exportVisits(db, { ...range, ...f }, 'json', out))).map((v) => v.id);
    expect(await filtered({ kind: 'visa' })).toEqual([cedarVisa, spreeVisa]);
    expect(await filtered({ homeSpaceId: 'cedar' })).toEqual([cedarVisa, cedarPass]);
    expect(await filtered({ kind: 'day_pass' })).toEqual([cedarPass, guestPass]);
    expect(await filtered({ kind: 'day_pass', homeSpaceId: 'cedar' })).toEqual([cedarPass]);
    expect(await filtered({ homeSpaceId: 'kumo' })).toEqual([]);
  });
});

describe('visit log export: formats', () => {
  it('JSON Lines: one object per visit with the documented keys, guests’ names and emails joined', async () => {
    const { db, visit, guest } = lisbonLog();
    visit({
      at: '2026-04-01T10:00:00Z',
      memberId: 'cc-1',
      memberName: 'Ada Lovelace',
      homeSpaceId: 'cedar',
      homeSpaceName: 'Cedar Commons',
      credentialValue: 'CC-1',
      overrideStaffId: 1,
      overrideReason: 'forgot card',
      voidedAt: '2026-04-01T12:00:00Z',
      voidedBy: 2,
      voidReason: 'wrong person',
    });
    visit({ at: '2026-04-01T11:00:00Z', kind: 'day_pass', guestId: guest('Walk In', 'walk@example.org'), price: '15.00', currency: 'EUR' });
    const rows = await jsonLines((out) => exportVisits(db, { from: '2026-04-01', to: '2026-04-01' }, 'json', out));
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0]!)).toEqual([
      'id',
      'at',
      'localDate',
      'kind',
      'decision',
      'reason',
      'memberId',
      'name',
      'email',
      'homeSpaceId',
      'homeSpaceName',
      'credentialKind',
      'credentialValue',
      'overrideStaffId',
      'overrideStaffName',
      'overrideReason',
      'price',
      'currency',
      'voidedAt',
      'voidedById',
      'voidedByName',
      'voidReason',
      'badgeStatus',
      'localTime',
    ]);
    expect(rows[0]).toMatchObject({
      at: '2026-04-01T10:00:00Z',
      localDate: '2026-04-01',
      name: 'Ada Lovelace',
      email: null,
      credentialKind: 'barcode',
      credentialValue: 'CC-1',
      overrideStaffId: 1,
      overrideStaffName: 'Rita Front',
      voidedById: 2,
      voidedByName: '=Mgr',
      badgeStatus: 'none',
    });
    // JSON is not a spreadsheet: values are exactly as stored.
    expect(rows[1]).toMatchObject({ kind: 'day_pass', name: 'Walk In', email: 'walk@example.org', price: '15.00', currency: 'EUR', memberId: null });
  });

  it('CSV: a header, CRLF records, and names a spreadsheet reads back exactly (csv-parse)', async () => {
    const { db, visit, guest } = lisbonLog();
    const awkward = 'Lovelace, Ada "Countess"\nof Lovelace';
    visit({ at: '2026-04-01T10:00:00Z', kind: 'day_pass', guestId: guest(awkward, 'ada@example.org'), price: '15.00', currency: 'EUR' });
    visit({ at: '2026-04-01T11:00:00Z', memberId: 'cc-9', memberName: 'Zoë Ünïcode 佐藤', homeSpaceId: 'cedar', homeSpaceName: 'Cedar, "Commons"' });
    const { text } = await visitsCsv(db, { from: '2026-04-01', to: '2026-04-01' });
    const csv = text();
    expect(csv.startsWith(`${VISIT_CSV_HEADER.join(',')}\r\n`)).toBe(true);
    expect(csv).toContain('"Lovelace, Ada ""Countess""\nof Lovelace"');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '').includes('\r')).toBe(false);
    const records = parse(csv, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ name: awkward, email: 'ada@example.org', price: '15.00', currency: 'EUR', kind: 'day_pass', member_id: '' });
    expect(records[1]).toMatchObject({
      name: 'Zoë Ünïcode 佐藤',
      home_space_name: 'Cedar, "Commons"',
      local_date: '2026-04-01',
      at_utc: '2026-04-01T11:00:00Z',
    });
  });

  it('CSV: neutralises every text cell a spreadsheet would run, staff names and barcodes included', async () => {
    const { db, visit, guest } = lisbonLog();
    const names = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tTabbed', '\rReturn'];
    for (const [i, name] of names.entries()) visit({ at: `2026-04-01T1${i}:00:00Z`, kind: 'day_pass', guestId: guest(name), price: '15.00', currency: 'EUR' });
    visit({
      at: '2026-04-01T17:00:00Z',
      memberId: 'm',
      memberName: 'Plain',
      credentialValue: '=1+1',
      voidedAt: '2026-04-01T18:00:00Z',
      voidedBy: 2,
      voidReason: '-mistake',
    });
    const { text } = await visitsCsv(db, { from: '2026-04-01', to: '2026-04-01' });
    const records = parse(text(), { columns: true }) as Record<string, string>[];
    expect(records.slice(0, names.length).map((r) => r.name)).toEqual(names.map((n) => `'${n}`));
    expect(records[names.length]).toMatchObject({
      name: 'Plain',
      credential_value: "'=1+1",
      voided_by_name: "'=Mgr",
      void_reason: "'-mistake",
      voided_by_id: '2',
    });
  });

  it('CSV: a byte order mark only when asked', async () => {
    const { db, visit } = lisbonLog();
    visit({ at: '2026-04-01T10:00:00Z', memberName: 'Ada' });
    const withBom = (await visitsCsv(db, { from: '2026-04-01', to: '2026-04-01' }, true)).bytes();
    const without = (await visitsCsv(db, { from: '2026-04-01', to: '2026-04-01' }, false)).bytes();
    expect([...withBom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(without.subarray(0, 8).toString()).toBe('visit_id');
    expect(withBom.subarray(3)).toEqual(without);
    expect(parse(withBom, { columns: true, bom: true })).toHaveLength(1);
  });

  it('waits for a slow reader: what is queued never grows past about one chunk', async () => {
    const { db, visit } = lisbonLog();
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) visit({ at: '2026-04-01T10:00:00Z', localDate: '2026-04-01', memberName: `Member number ${i}, of a long list` });
    })();
    let queuedMax = 0;
    let bytes = 0;
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, callback) {
        queuedMax = Math.max(queuedMax, this.writableLength);
        bytes += chunk.length;
        setTimeout(callback, 1);
      },
    });
    const { rows } = await exportVisits(db, { from: '2026-04-01', to: '2026-04-01' }, 'csv', slow);
    expect(rows).toBe(20_000);
    expect(bytes).toBeGreaterThan(2_000_000);
    expect(queuedMax).toBeLessThanOrEqual(256 * 1024);
  });

  it('a stream that fails ends the export with its error', async () => {
    const { db, visit } = lisbonLog();
    db.transaction(() => {
      for (let i = 0; i < 5_000; i++) visit({ at: '2026-04-01T10:00:00Z', memberName: `Member ${i}` });
    })();
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    await expect(exportVisits(db, { from: '2026-04-01', to: '2026-04-01' }, 'csv', broken)).rejects.toThrow('disk full');
  });
});

describe('per-home-space report', () => {
  /** A hand-built March and April at Harbour Works (Lisbon). */
  function handBuiltLog() {
    const log = lisbonLog();
    const { visit, guest } = log;
    const cedar = { homeSpaceId: 'cedar', homeSpaceName: 'Cedar Commons' };
    // Cedar, March: Ada on two days (the 3rd logged twice), Grace voided, Alan overridden, Dennis buys a pass.
    visit({ at: '2026-03-02T10:00:00Z', memberId: 'cc-1', ...cedar });
    visit({ at: '2026-03-03T10:00:00Z', memberId: 'cc-1', ...cedar });
    visit({ at: '2026-03-03T15:00:00Z', memberId: 'cc-1', ...cedar });
    visit({ at: '2026-03-03T11:00:00Z', memberId: 'cc-2', ...cedar, voidedAt: '2026-03-03T11:05:00Z', voidedBy: 1, voidReason: 'wrong badge' });
    visit({ at: '2026-03-04T10:00:00Z', memberId: 'cc-3', ...cedar, decision: 'denied', reason: 'visa_days_used_up' });
    visit({ at: '2026-03-04T10:01:00Z', memberId: 'cc-3', ...cedar, overrideStaffId: 1, overrideReason: 'board member' });
    visit({ at: '2026-03-05T10:00:00Z', kind: 'day_pass', memberId: 'cc-4', ...cedar, guestId: guest('Dennis'), price: '15.00', currency: 'EUR' });
    // Harbour's own member on two days; Spreewerk only denied (no line).
    visit({ at: '2026-03-02T09:00:00Z', kind: 'member', reason: 'member', memberId: 'hw-1', homeSpaceId: 'harbour', homeSpaceName: 'Harbour Works' });
    visit({ at: '2026-03-10T09:00:00Z', kind: 'member', reason: 'member', memberId: 'hw-1', homeSpaceId: 'harbour', homeSpaceName: 'Harbour Works' });
    visit({ at: '2026-03-11T09:00:00Z', memberId: 'sw-1', homeSpaceId: 'spree', homeSpaceName: 'Spreewerk', decision: 'denied', reason: 'notice_required' });
    // Guests without a home space: passes in two currencies, one voided; an unknown badge.
    visit({ at: '2026-03-06T10:00:00Z', kind: 'day_pass', guestId: guest('Walk In'), price: '15.00', currency: 'EUR' });
    visit({ at: '2026-03-07T10:00:00Z', kind: 'day_pass', guestId: guest('Second'), price: '12.50', currency: 'EUR' });
    visit({ at: '2026-03-07T11:00:00Z', kind: 'day_pass', guestId: guest('Tourist'), price: '25.50', currency: 'USD' });
    visit({
      at: '2026-03-08T10:00:00Z',
      kind: 'day_pass',
      guestId: guest('Refunded'),
      price: '15.00',
      currency: 'EUR',
      voidedAt: '2026-03-08T10:10:00Z',
      voidedBy: 1,
      voidReason: 'refund',
    });
    visit({ at: '2026-03-09T10:00:00Z', kind: null, decision: 'denied', reason: 'unknown_credential', credentialValue: 'NOBODY' });
    // April: Ada once; a voided override still counts as an override.
    visit({ at: '2026-04-01T10:00:00Z', memberId: 'cc-1', ...cedar });
    visit({
      at: '2026-04-02T10:00:00Z',
      memberId: 'cc-2',
      ...cedar,
      overrideStaffId: 1,
      overrideReason: 'ok',
      voidedAt: '2026-04-02T11:00:00Z',
      voidedBy: 1,
      voidReason: 'left',
    });
    return log;
  }

  it('counts visa days, visitors, day passes and their totals per currency, overrides and voids', async () => {
    const { db } = handBuiltLog();
    const lines = await jsonLines((out) => exportSpaceReport(db, { from: '2026-03-01', to: '2026-04-30' }, 'json', out));
    expect(lines).toEqual([
      {
        month: '2026-03',
        homeSpaceId: 'cedar',
        homeSpaceName: 'Cedar Commons',
        visaDays: 3,
        visitors: 3,
        dayPasses: 1,
        dayPassTotals: { EUR: '15.00' },
        overrides: 1,
        voids: 1,
      },
      {
        month: '2026-03',
        homeSpaceId: 'harbour',
        homeSpaceName: 'Harbour Works',
        visaDays: 0,
        visitors: 1,
        dayPasses: 0,
        dayPassTotals: {},
        overrides: 0,
        voids: 0,
      },
      {
        month: '2026-03',
        homeSpaceId: null,
        homeSpaceName: null,
        visaDays: 0,
        visitors: 3,
        dayPasses: 3,
        dayPassTotals: { EUR: '27.50', USD: '25.50' },
        overrides: 0,
        voids: 1,
      },
      {
        month: '2026-04',
        homeSpaceId: 'cedar',
        homeSpaceName: 'Cedar Commons',
        visaDays: 1,
        visitors: 1,
        dayPasses: 0,
        dayPassTotals: {},
        overrides: 1,
        voids: 1,
      },
    ]);
  });

  it('CSV: one total column per currency sold in the range', async () => {
    const { db } = handBuiltLog();
    const sink = collector();
    await exportSpaceReport(db, { from: '2026-03-01', to: '2026-03-31' }, 'csv', sink.out, { bom: true });
    expect(sink.text()).toBe(
      '\uFEFFmonth,home_space_id,home_space_name,visa_days,visitors,day_passes,day_pass_total_EUR,day_pass_total_USD,overrides,voids\r\n' +
        '2026-03,cedar,Cedar Commons,3,3,1,15.00,0.00,1,1\r\n' +
        '2026-03,harbour,Harbour Works,0,1,0,0.00,0.00,0,0\r\n' +
        '2026-03,,,0,3,3,27.50,25.50,0,1\r\n',
    );
  });

  it('a range is cut at its local dates, not at month boundaries', async () => {
    const { db } = handBuiltLog();
    const lines = await jsonLines((out) => exportSpaceReport(db, { from: '2026-03-03', to: '2026-03-03' }, 'json', out));
    expect(lines).toEqual([
      {
        month: '2026-03',
        homeSpaceId: 'cedar',
        homeSpaceName: 'Cedar Commons',
        visaDays: 1,
        visitors: 1,
        dayPasses: 0,
        dayPassTotals: {},
        overrides: 0,
        voids: 1,
      },
    ]);
  });
});

describe('export queries', () => {
  it('each reads the visit log through the local-date index, and the log streams without a sort', () => {
    const { db } = lisbonLog();
    const plans = exportQueryPlans(db);
    for (const plan of Object.values(plans))
      expect(plan).toMatch(/^SEARCH (v|visits) USING (COVERING )?INDEX visits_local_date \(local_date>\? AND local_date<\?\)/);
    expect(plans.visits).not.toMatch(/TEMP B-TREE/);
    // Cutting an unfiltered export into slices reads the index and never the rows.
    expect(plans.dayCounts).toMatch(/USING COVERING INDEX/);
    expect(plans.dayCounts).not.toMatch(/TEMP B-TREE/);
    expect(plans.visits).toMatch(/SEARCH g USING INTEGER PRIMARY KEY/);
    expect(plans.visits).toMatch(/SEARCH o USING INTEGER PRIMARY KEY/);
    expect(plans.visits).toMatch(/SEARCH x USING INTEGER PRIMARY KEY/);
  });
});

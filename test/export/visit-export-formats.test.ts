import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { exportVisits } from '../../service/export/visit-log';
import { VISIT_CSV_HEADER } from '../../service/export/visit-lines';
import { jsonLines, useLisbonLog, visitsCsv } from './lisbon-log';

const lisbonLog = useLisbonLog();

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
      'checkedOutAt',
      'checkedOutBy',
      'paid',
      'paidAt',
      'paidByName',
      'paidMethod',
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

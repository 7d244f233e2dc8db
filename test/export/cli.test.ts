import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { visaKiosk } from '../fixtures/cli';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useMadeOnce, useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();

/** Harbour Works (Lisbon) with a few visits around the spring clock change, made the way a user would: once, copied for each test. */
const visited = useMadeOnce(async (dir) => {
  fs.writeFileSync(path.join(dir, 'list.json'), feedBytes(smallFeed()));
  const kiosk = (...args: string[]) => visaKiosk(['--db', path.join(dir, 'k.db'), ...args]);
  expect((await kiosk('visa', 'import', path.join(dir, 'list.json'))).code).toBe(0);
  expect((await kiosk('config', 'set', 'space.id', 'harbour')).code).toBe(0);
  for (const run of await Promise.all([
    kiosk('checkin', 'CC-1', '--at', '2026-03-28T23:30:00Z'), // 28 March in Lisbon
    kiosk('checkin', 'HW-1', '--at', '2026-03-29T22:59:00Z'), // 23:59 on the 29th, summer time
    kiosk('daypass', '--name==HYPERLINK("http://x.example")', '--email', 'x@example.org', '--at', '2026-03-29T23:30:00Z'), // 00:30 on the 30th
  ])) {
    expect(run.code).toBe(0);
  }
});

async function setUp() {
  const { dir } = await visited();
  const db = path.join(dir, 'k.db');
  const kiosk = (...args: string[]) => visaKiosk(['--db', db, ...args]);
  return { dir, db, kiosk };
}

const lines = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('visa-kiosk export', () => {
  it('writes the visit log as CSV on standard output, formulas neutralised', async () => {
    const { kiosk } = await setUp();
    const run = await kiosk('export', '--from', '2026-03-29', '--to', '2026-03-30');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.startsWith('visit_id,at_utc,local_date,kind,')).toBe(true);
    const records = parse(run.stdout, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => [r.local_date, r.kind, r.name])).toEqual([
      ['2026-03-29', 'member', 'Inês Carvalho'],
      ['2026-03-30', 'day_pass', `'=HYPERLINK("http://x.example")`],
    ]);
    expect(records[1]).toMatchObject({ email: 'x@example.org', price: '15.00', currency: 'EUR', at_utc: '2026-03-29T23:30:00.000Z' });
  });

  it('gives each visit the space’s local time beside UTC, with its offset, across the autumn clock change in Lisbon', async () => {
    const { kiosk } = await setUp();
    // Lisbon leaves summer time at 01:00 UTC on Sunday 25 October 2026: 01:30 on the wall clock happens twice.
    expect((await kiosk('checkin', 'CC-1', '--at', '2026-10-25T00:30:00Z')).code).toBe(0);
    expect((await kiosk('checkin', 'HW-1', '--at', '2026-10-25T01:30:00Z')).code).toBe(0);
    const run = await kiosk('export', '--from', '2026-10-25', '--to', '2026-10-25');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [header] = run.stdout.split('\r\n');
    // Existing columns keep their places: each new one comes after them.
    expect(header!.startsWith('visit_id,at_utc,local_date,kind,')).toBe(true);
    expect(header!).toMatch(/,badge_status,local_time,checked_out_at,checked_out_by,paid,paid_at,paid_by_name,paid_method$/);
    const records = parse(run.stdout, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => [r.at_utc, r.local_date, r.local_time])).toEqual([
      ['2026-10-25T00:30:00.000Z', '2026-10-25', '2026-10-25T01:30:00+01:00'],
      ['2026-10-25T01:30:00.000Z', '2026-10-25', '2026-10-25T01:30:00+00:00'],
    ]);
    const json = lines((await kiosk('export', '--from', '2026-10-25', '--to', '2026-10-25', '--json')).stdout);
    expect(json.map((visit) => visit.localTime)).toEqual(['2026-10-25T01:30:00+01:00', '2026-10-25T01:30:00+00:00']);
  });

  it('both reports, split the way Excel in a de/fr/es locale splits a .csv (on ; and line breaks), start no cell with a formula', async () => {
    const dir = tempDir();
    const feed = smallFeed();
    feed.spaces = feed.spaces.map((s) => (s.id === 'cedar' ? { ...s, name: 'Cedar;=1+1| @SUM(A1)' } : s));
    fs.writeFileSync(path.join(dir, 'list.json'), feedBytes(feed));
    const kiosk = (...args: string[]) => visaKiosk(['--db', path.join(dir, 'k.db'), ...args]);
    expect((await kiosk('visa', 'import', path.join(dir, 'list.json'))).code).toBe(0);
    expect((await kiosk('config', 'set', 'space.id', 'harbour')).code).toBe(0);
    expect((await kiosk('checkin', 'CC-1', '--at', '2026-03-28T10:00:00Z')).code).toBe(0);
    expect((await kiosk('daypass', '--name', 'x;=1+1\n-2', '--at', '2026-03-28T11:00:00Z')).code).toBe(0);
    const visits = await kiosk('export', '--from', '2026-03-01', '--to', '2026-03-31');
    const spaces = await kiosk('export', '--report', 'spaces', '--from', '2026-03-01', '--to', '2026-03-31');
    for (const run of [visits, spaces]) {
      expect(run).toMatchObject({ code: 0, stderr: '' });
      for (const cell of run.stdout.split(/[;\r\n]/)) expect(cell.trimStart()).not.toMatch(/^[=+\-@]/);
    }
    const visitRows = parse(visits.stdout, { columns: true }) as Record<string, string>[];
    expect(visitRows.map((r) => r.name)).toEqual(['Ada Lovelace', "x;'=1+1\n'-2"]);
    expect(visitRows[0]!.home_space_name).toBe("Cedar;'=1+1| '@SUM(A1)");
    const spaceRows = parse(spaces.stdout, { columns: true }) as Record<string, string>[];
    expect(spaceRows.map((r) => r.home_space_name)).toContain("Cedar;'=1+1| '@SUM(A1)");
  }, 60_000);

  it('--format json (or --json) streams one JSON object per line', async () => {
    const { kiosk } = await setUp();
    const run = await kiosk('export', '--from=2026-03-01', '--to=2026-03-31', '--format', 'json', '--kind', 'visa');
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      expect.objectContaining({ localDate: '2026-03-28', kind: 'visa', memberId: 'cc-1', name: 'Ada Lovelace', homeSpaceId: 'cedar' }),
    ]);
    const viaFlag = await kiosk('export', '--from=2026-03-01', '--to=2026-03-31', '--json', '--space', 'harbour');
    expect(lines(viaFlag.stdout).map((v) => v.memberId)).toEqual(['hw-1']);
    expect(viaFlag.stderr).toBe('');
    // A space id nobody came from (a part of the id, a name) exports nothing, and says which ids there are.
    const typo = await kiosk('export', '--from=2026-03-01', '--to=2026-03-31', '--json', '--space', 'ceda');
    expect(typo).toMatchObject({ code: 0, stdout: '' });
    expect(typo.stderr).toMatch(
      /^note: no visit from 2026-03-01 to 2026-03-31 has home space "ceda": home spaces are named by their id, such as "cedar", "harbour"/,
    );
  });

  it('writes the spaces report', async () => {
    const { kiosk } = await setUp();
    const run = await kiosk('export', '--report', 'spaces', '--from', '2026-03-01', '--to', '2026-03-31', '--format', 'json');
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      {
        month: '2026-03',
        homeSpaceId: 'cedar',
        homeSpaceName: 'Cedar Commons',
        visaDays: 1,
        visitors: 1,
        dayPasses: 0,
        dayPassTotals: {},
        overrides: 0,
        voids: 0,
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
        visitors: 1,
        dayPasses: 1,
        dayPassTotals: { EUR: '15.00' },
        overrides: 0,
        voids: 0,
      },
    ]);
  });

  it('--out writes a file only its owner can read, and says what it wrote', async () => {
    const { dir, kiosk } = await setUp();
    const out = path.join(dir, 'march.csv');
    fs.writeFileSync(out, 'an older export', { mode: 0o644 });
    const run = await kiosk('export', '--from', '2026-03-01', '--to', '2026-03-31', '--bom', '--out', out);
    expect(run).toMatchObject({ code: 0, stderr: '', stdout: `wrote 3 visits (2026-03-01 to 2026-03-31) to ${out}\n` });
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    const bytes = fs.readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parse(bytes, { columns: true, bom: true })).toHaveLength(3);
    expect(fs.readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
    const json = await kiosk(
      'export',
      '--report',
      'spaces',
      '--from',
      '2026-03-01',
      '--to',
      '2026-03-31',
      '--out',
      path.join(dir, 'r.json'),
      '--format',
      'json',
      '--json',
    );
    expect(JSON.parse(json.stdout)).toEqual({ report: 'spaces', format: 'json', from: '2026-03-01', to: '2026-03-31', rows: 3, out: path.join(dir, 'r.json') });
    expect(fs.statSync(path.join(dir, 'r.json')).mode & 0o777).toBe(0o600);
  });

  it('without dates, exports this month at the kiosk’s space', async () => {
    const { kiosk } = await setUp();
    expect((await kiosk('checkin', 'CC-1')).code).toBe(0);
    const run = await kiosk('export', '--json');
    const now = DateTime.now().setZone('Europe/Lisbon');
    const dates = lines(run.stdout).map((v) => v.localDate as string);
    expect(dates).toContain(now.toISODate());
    expect(dates.every((d) => d.startsWith(now.toFormat('yyyy-MM')))).toBe(true);
    const onlyTo = await kiosk('export', '--to', '2026-03-29', '--json');
    expect(lines(onlyTo.stdout).map((v) => v.localDate)).toEqual(['2026-03-28', '2026-03-29']);
  });

  it('bad dates and options are usage errors: exit 2', async () => {
    const { kiosk } = await setUp();
    const cases: [string[], RegExp][] = [
      [['--from', '2026-02-30', '--to', '2026-03-01'], /^visa-kiosk export: --from takes the first day, written YYYY-MM-DD\n/],
      [['--from', '2026-04-01', '--to', '2026-03-01'], /--from must not be after the last day asked for, 2026-03-01/],
      [['--from', '2099-01-01'], /--from must not be after the last day asked for, \d{4}-\d\d-\d\d/],
      [['--from', '29/03/2026'], /^visa-kiosk export: --from takes the first day, written YYYY-MM-DD\n/],
      [['--from', '2026-03-01', '--to', '2026-03-31', '--format', 'xml'], /^visa-kiosk export: --format takes csv or json\n/],
      [['--from', '2026-03-01', '--to', '2026-03-31', '--report', 'spaces', '--kind', 'visa'], /--kind filters the visit log only/],
      [['--from', '2026-03-01', '--to', '2026-03-31', '--format', 'json', '--bom'], /^visa-kiosk export: --bom is for CSV only\n/],
      [['--from', '2026-03-01', '--to', '2026-03-31', 'extra'], /unexpected argument "extra"/],
    ];
    for (const [args, message] of cases) {
      const run = await kiosk('export', ...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
    }
  });

  it('refusals are exit 1 with one line', async () => {
    const { dir, kiosk } = await setUp();
    const noFolder = await kiosk('export', '--from', '2026-03-01', '--to', '2026-03-31', '--out', path.join(dir, 'missing', 'x.csv'));
    expect(noFolder).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `visa-kiosk export: cannot write ${path.join(dir, 'missing', 'x.csv')}: its folder does not exist\n`,
    });
    const folder = await kiosk('export', '--from', '2026-03-01', '--to', '2026-03-31', '--out', dir);
    expect(folder).toMatchObject({ code: 1, stderr: `visa-kiosk export: cannot write ${dir}: it is a folder\n` });
    const none = await visaKiosk(['--db', path.join(dir, 'nokiosk', 'k.db'), 'export']);
    expect(none).toMatchObject({
      code: 1,
      stderr: `visa-kiosk export: there is no database at ${path.join(dir, 'nokiosk', 'k.db')}: start the kiosk once, or give --db PATH\n`,
    });
    expect(fs.existsSync(path.join(dir, 'nokiosk'))).toBe(false);
    // A kiosk set up but with no space: "this month" has no calendar.
    expect((await visaKiosk(['--db', path.join(dir, 'new.db'), 'config', 'set', 'kiosk.idleSeconds', '60'])).code).toBe(0);
    const fresh = await visaKiosk(['--db', path.join(dir, 'new.db'), 'export']);
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toMatch(/^visa-kiosk export: this kiosk's space is not set.*give --from and --to.*\n$/);
    expect(fresh.stderr.trim().split('\n')).toHaveLength(1);
  });
});

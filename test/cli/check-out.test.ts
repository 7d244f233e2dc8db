import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kiosk } from '../../service/kiosk';
import { visaKiosk } from '../fixtures/cli';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();

/**
 * The small test list installed, the kiosk at Harbour Works (Lisbon, UTC+0 in November), and
 * `kiosk.repeatTap` as given; set up in this process, so the command line runs only the taps.
 */
async function setUp(repeatTap?: 'check-out') {
  const dir = tempDir();
  const db = path.join(dir, 'k.db');
  const service = Kiosk.open(db);
  await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
  service.settings.set({ key: 'space.id', value: 'harbour' });
  if (repeatTap) service.settings.set({ key: 'kiosk.repeatTap', value: repeatTap });
  await service.close();
  const kiosk = (...args: string[]) => visaKiosk(['--db', db, ...args]);
  const tap = async (at: string) => {
    const run = await kiosk('checkin', 'CC-1', '--json', '--at', at);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(run.stdout) as Record<string, unknown>;
  };
  return { dir, kiosk, tap };
}

describe('checking out from the command line (checkin JSON `checkedOut`)', () => {
  it('by default a repeat tap checks nobody out: it stays a repeat, and the JSON has no checkedOut', async () => {
    const { tap } = await setUp();
    await tap('2026-11-21T09:00:00Z');
    const again = await tap('2026-11-21T17:00:00Z');
    expect(again).toMatchObject({ decision: 'admitted', repeat: true, visitId: 1 });
    expect(again).not.toHaveProperty('checkedOut');
    // The screen's one-time answer to "Check out?" is no business of a terminal.
    expect(again).not.toHaveProperty('checkOutTicket');
  }, 60_000);

  it('with kiosk.repeatTap check-out: out for lunch, back without a second visa day, out again at night; the export has the last check-out', async () => {
    const { dir, kiosk, tap } = await setUp('check-out');
    expect(await tap('2026-11-21T09:00:00Z')).toMatchObject({ repeat: false, visitId: 1, visaDaysUsed: 1 });
    expect(await tap('2026-11-21T12:30:00Z')).toMatchObject({ decision: 'admitted', repeat: true, visitId: 1, checkedOut: true });
    const back = await tap('2026-11-21T13:30:00Z');
    expect(back).toMatchObject({ decision: 'admitted', repeat: true, visitId: 1, checkedBackIn: true, visaDaysUsed: 1 });
    expect(back).not.toHaveProperty('checkedOut');
    // A second tap at the door just after coming back does not send them out again.
    expect(await tap('2026-11-21T13:31:00Z')).not.toHaveProperty('checkedOut');
    const night = await kiosk('checkin', 'CC-1', '--at', '2026-11-21T18:00:00Z');
    expect(night.stdout).toMatch(/^ADMITTED\s+Ada Lovelace \(Cedar Commons\): .*\(checked out\)\nvisit #1 on 2026-11-21\n$/);

    const out = path.join(dir, 'visits.json');
    expect(await kiosk('export', '--format', 'json', '--from', '2026-11-21', '--to', '2026-11-21', '--out', out)).toMatchObject({ code: 0 });
    const rows = fs
      .readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 1, checkedOutAt: '2026-11-21T18:00:00.000Z', checkedOutBy: 'visitor', paid: null });
  }, 120_000);

  it('the next local day is a new visit: yesterday’s closed at its end, and the tap checks in (a visa day more), never out', async () => {
    const { tap } = await setUp('check-out');
    await tap('2026-11-21T22:00:00Z');
    // Past midnight in Lisbon: another day, though only two hours later.
    const next = await tap('2026-11-22T00:10:00Z');
    expect(next).toMatchObject({ decision: 'admitted', repeat: false, visitId: 2, localDate: '2026-11-22', visaDaysUsed: 2 });
    expect(next).not.toHaveProperty('checkedOut');
  }, 60_000);

  it('kiosk.repeatTap refuses anything but ask or check-out, and changes nothing', async () => {
    const { kiosk } = await setUp();
    const run = await kiosk('config', 'set', 'kiosk.repeatTap', 'yes');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/kiosk\.repeatTap/);
    expect((await kiosk('config', 'get', 'kiosk.repeatTap')).stdout.trim()).toBe('ask');
  }, 60_000);
});

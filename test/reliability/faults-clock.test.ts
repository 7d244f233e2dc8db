import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('the clock jumping backwards', () => {
  it('a tap is decided by the clock it is given, logged, and counted in its own local day', async () => {
    let now = new Date('2026-11-20T10:00:00Z');
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'), { now: () => now });
    cleanup.push(() => service.close());
    await installDemo(service);
    expect(service.desk.checkin({ credential: 'CC-0001' })).toMatchObject({ decision: 'admitted', kind: 'visa', visaDaysUsed: 1, localDate: '2026-11-20' });
    // An hour back, the same local day: still a repeat, no new visit.
    now = new Date('2026-11-20T09:00:00Z');
    expect(service.desk.checkin({ credential: 'CC-0001' })).toMatchObject({ decision: 'admitted', repeat: true, localDate: '2026-11-20' });
    // Two days back (a clock reset by a dead battery, say): another local day of the same month.
    now = new Date('2026-11-18T10:00:00Z');
    expect(service.desk.checkin({ credential: 'CC-0001' })).toMatchObject({ decision: 'admitted', repeat: false, visaDaysUsed: 2, localDate: '2026-11-18' });
    expect(service.desk.checkin({ credential: 'HW-0002' })).toMatchObject({ decision: 'admitted', kind: 'member', localDate: '2026-11-18' });
    // Back into the previous month: that month's count, its own.
    now = new Date('2026-10-31T23:30:00Z'); // 23:30 on 31 October in Lisbon (UTC+0 in winter)
    expect(service.desk.checkin({ credential: 'CC-0001' })).toMatchObject({ decision: 'admitted', visaDaysUsed: 1, localDate: '2026-10-31' });
    // Forward again: the November count has the 18th and the 20th.
    now = new Date('2026-11-21T10:00:00Z');
    expect(service.desk.checkin({ credential: 'CC-0001' })).toMatchObject({ decision: 'admitted', visaDaysUsed: 3, visaDaysAllowed: 3 });
    const rows = service.db.prepare('SELECT id, at, local_date AS day FROM visits ORDER BY id').all() as { id: number; at: string; day: string }[];
    // The log keeps the order things happened in (ids), with each visit's own time and local day.
    expect(rows.map((r) => r.day)).toEqual(['2026-11-20', '2026-11-18', '2026-11-18', '2026-10-31', '2026-11-21']);
    expect(rows[1]!.at < rows[0]!.at).toBe(true);
    expect(service.desk.todaysVisits({ date: '2026-11-18' })).toHaveLength(2);
  });
});

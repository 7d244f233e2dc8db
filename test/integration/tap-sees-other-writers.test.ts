import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SPACE_ID, demoFeed, installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { LOCAL } from '../../service/kiosk/audit';
import { useTempDir } from '../fixtures/temp';

/**
 * A tap reads its settings and the installed list inside its own transaction, and keeps what it
 * read while no other program has written the database. What another program changes beside a
 * running kiosk (`visa-kiosk config set`, `visa-kiosk visa import`) is used from the next tap on;
 * here the other program is a second connection to the same file.
 */
const tempDir = useTempDir();
const open: Kiosk[] = [];
afterEach(async () => {
  for (const kiosk of open.splice(0).reverse()) await kiosk.close();
});

function kiosks(): [Kiosk, Kiosk] {
  const file = path.join(tempDir(), 'kiosk.db');
  const running = Kiosk.open(file);
  const beside = Kiosk.open(file);
  open.push(running, beside);
  return [running, beside];
}

const feed = demoFeed(new Date().toISOString());
const harbour = feed.members.filter((m) => m.space === DEMO_SPACE_ID && m.status === 'active' && (m.validUntil ?? '') >= '2099-01-01');
const uid = (m: (typeof feed.members)[number]) => m.credentials.find((c) => c.kind === 'rfid')!.value;
const STAFF_UID = '5EC2E7C0FFEE01';
const tap = (kiosk: Kiosk, m: (typeof feed.members)[number]) => kiosk.desk.checkin({ credential: uid(m), kind: 'rfid' });

describe('a tap after another program changed the kiosk', () => {
  it('uses the space another program set, from the next tap on', async () => {
    const [running, beside] = kiosks();
    await installDemo(running);
    expect(tap(running, harbour[0]!)).toMatchObject({ decision: 'admitted', kind: 'member' });
    const elsewhere = feed.spaces.find((s) => s.id !== DEMO_SPACE_ID && s.visa.accepts)!;
    beside.settings.set({ key: 'space.id', value: elsewhere.id });
    // A Harbour Works member at another space is a visitor now.
    expect(tap(running, harbour[1]!)).toMatchObject({ kind: 'visa' });
  });

  it('uses a setting the kiosk itself changed, from the next tap on', async () => {
    const [running] = kiosks();
    await installDemo(running);
    expect(tap(running, harbour[0]!)).toMatchObject({ kind: 'member' });
    running.settings.set({ key: 'space.id', value: feed.spaces.find((s) => s.id !== DEMO_SPACE_ID && s.visa.accepts)!.id });
    expect(tap(running, harbour[1]!)).toMatchObject({ kind: 'visa' });
  });

  it('finds a member of a list another program installed, from the next tap on', async () => {
    const [running, beside] = kiosks();
    await installDemo(running);
    const newcomer = { ...harbour[0]!, id: 'hw-new', name: 'Nora Newcomer', credentials: [{ kind: 'rfid' as const, value: '7700A1B2C3' }] };
    expect(running.desk.checkin({ credential: '7700A1B2C3', kind: 'rfid' })).toMatchObject({ decision: 'denied', reason: 'unknown_credential' });
    await beside.visaList.importFeed({ feed: JSON.stringify({ ...feed, sequence: 2, members: [...feed.members, newcomer] }) });
    expect(running.desk.checkin({ credential: '7700A1B2C3', kind: 'rfid' })).toMatchObject({
      decision: 'admitted',
      kind: 'member',
      member: { id: 'hw-new', name: 'Nora Newcomer' },
    });
  });

  it('opens staff mode for a staff badge another program gave, and no longer once it disabled the account, from the next tap on', async () => {
    const [running, beside] = kiosks();
    await installDemo(running);
    expect(running.desk.checkin({ credential: STAFF_UID, kind: 'rfid' })).toMatchObject({ decision: 'denied', reason: 'unknown_credential' });
    const { id } = beside.staff.add({ name: 'Sam Staff', role: 'staff', pin: '1111', badge: STAFF_UID });
    expect(running.desk.checkin({ credential: STAFF_UID, kind: 'rfid' })).toMatchObject({ decision: 'staff', staff: { name: 'Sam Staff' } });
    beside.staff.disable({ id }, LOCAL);
    expect(running.desk.checkin({ credential: STAFF_UID, kind: 'rfid' })).toMatchObject({ decision: 'denied', reason: 'unknown_credential' });
  });

  it('opens staff mode for a staff badge the kiosk itself gave, and no longer once it disabled the account, from the next tap on', async () => {
    const [running] = kiosks();
    await installDemo(running);
    expect(running.desk.checkin({ credential: STAFF_UID, kind: 'rfid' })).toMatchObject({ decision: 'denied', reason: 'unknown_credential' });
    const { id } = running.staff.add({ name: 'Sam Staff', role: 'staff', pin: '1111', badge: STAFF_UID });
    expect(running.desk.checkin({ credential: STAFF_UID, kind: 'rfid' })).toMatchObject({ decision: 'staff', staff: { name: 'Sam Staff' } });
    running.staff.disable({ id }, LOCAL);
    expect(running.desk.checkin({ credential: STAFF_UID, kind: 'rfid' })).toMatchObject({ decision: 'denied', reason: 'unknown_credential' });
  });
});

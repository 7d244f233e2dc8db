import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kiosk } from '../../service/kiosk';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { valid } from '../fixtures/valid-input';
import { useServiceKiosk, visitCount } from './service-kiosk';

const { tempDir, kiosk } = useServiceKiosk();

describe('check-in through the service, on a real database', () => {
  it('refuses to decide before the kiosk knows its own space', async () => {
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'));
    await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    expect(() => service.desk.checkin({ credential: 'CC-1' })).toThrow(/space is not set.*config set space.id/);
  });

  it('admits an own member and a visa visitor, and logs both', async () => {
    const { service } = await kiosk();
    expect(service.desk.checkin({ credential: 'HW-1' })).toMatchObject({
      decision: 'admitted',
      kind: 'member',
      member: { id: 'hw-1', name: 'Inês Carvalho', spaceName: 'Harbour Works' },
    });
    const visa = service.desk.checkin({ credential: '0f:00:a1:b2:c3', kind: 'rfid' });
    expect(visa).toMatchObject({ decision: 'admitted', kind: 'visa', reason: 'visa', visaDaysUsed: 1, visaDaysAllowed: 3, member: { id: 'cc-1' } });
    expect(visa.visitId).toBeGreaterThan(0);
    expect(visitCount(service)).toBe(2);
  });

  it('the same member twice in a day is a repeat: one visit, one visa day', async () => {
    const { service, at } = await kiosk();
    const first = service.desk.checkin({ credential: 'CC-1' }, at('2026-11-21T09:00:00Z'));
    const again = service.desk.checkin({ credential: 'CC-1' }, at('2026-11-21T17:00:00Z'));
    expect(again).toMatchObject({ decision: 'admitted', repeat: true, visitId: first.visitId, visaDaysUsed: 1 });
    expect(visitCount(service)).toBe(1);
    expect(service.desk.checkin({ credential: 'CC-1' }, at('2026-11-22T09:00:00Z'))).toMatchObject({ repeat: false, visaDaysUsed: 2 });
  });

  it('uses up the free days of a month, then starts again next month', async () => {
    const { service, at } = await kiosk();
    for (const day of ['03', '10', '17']) service.desk.checkin({ credential: 'CC-1' }, at(`2026-11-${day}T10:00:00Z`));
    const fourth = service.desk.checkin({ credential: 'CC-1' }, at('2026-11-24T10:00:00Z'));
    expect(fourth).toMatchObject({
      decision: 'denied',
      reason: 'visa_days_used_up',
      visaDaysUsed: 3,
      visaDaysAllowed: 3,
      dayPass: { price: '15.00', currency: 'EUR' },
    });
    expect(service.desk.checkin({ credential: 'CC-1' }, at('2026-12-01T10:00:00Z'))).toMatchObject({ decision: 'admitted', visaDaysUsed: 1 });
  });

  it('counts months on the host’s wall calendar: 23:30 on the 30th and 00:30 on the 1st are different months', async () => {
    // Kiosk in Seattle; both instants are 1 December in UTC.
    const { service, at } = await kiosk('cedar');
    const late = service.desk.checkin({ credential: 'HW-1' }, at('2026-12-01T07:30:00Z'));
    const early = service.desk.checkin({ credential: 'HW-1' }, at('2026-12-01T08:30:00Z'));
    expect(late).toMatchObject({ localDate: '2026-11-30', decision: 'admitted', visaDaysUsed: 1 });
    expect(early).toMatchObject({ localDate: '2026-12-01', decision: 'admitted', repeat: false, visaDaysUsed: 1 });
  });

  it('does not count voided visits', async () => {
    const { service, at } = await kiosk();
    const visits = ['03', '10', '17'].map((day) => service.desk.checkin({ credential: 'CC-1' }, at(`2026-11-${day}T10:00:00Z`)));
    service.db.prepare("UPDATE visits SET voided_at = ?, void_reason = 'wrong person' WHERE id = ?").run('2026-11-17T11:00:00Z', visits[2]!.visitId);
    expect(service.desk.checkin({ credential: 'CC-1' }, at('2026-11-24T10:00:00Z'))).toMatchObject({ decision: 'admitted', visaDaysUsed: 3 });
  });

  it('a voided visit today does not make the next tap a repeat', async () => {
    const { service, at } = await kiosk();
    const first = service.desk.checkin({ credential: 'CC-1' }, at('2026-11-21T09:00:00Z'));
    service.db.prepare("UPDATE visits SET voided_at = '2026-11-21T09:05:00Z' WHERE id = ?").run(first.visitId);
    expect(service.desk.checkin({ credential: 'CC-1' }, at('2026-11-21T10:00:00Z'))).toMatchObject({ repeat: false, visaDaysUsed: 1 });
    expect(visitCount(service)).toBe(2);
  });

  it('counts overridden admissions as visa days', async () => {
    const { service, at } = await kiosk();
    service.db.prepare('INSERT INTO staff (id, name, role, pin_hash, created_at) VALUES (1, ?, ?, ?, ?)').run('Rita', 'staff', 'x', '2026-11-01T00:00:00Z');
    for (const day of ['03', '04']) {
      service.db
        .prepare(
          `INSERT INTO visits (at, local_date, kind, decision, reason, member_id, member_name, home_space_id, override_staff_id, override_reason)
                  VALUES (?, ?, 'visa', 'admitted', 'visa', 'cc-1', 'Ada Lovelace', 'cedar', 1, 'forgot badge')`,
        )
        .run(`2026-11-${day}T10:00:00Z`, `2026-11-${day}`);
    }
    expect(service.desk.checkin({ credential: 'CC-1' }, at('2026-11-21T10:00:00Z'))).toMatchObject({ decision: 'admitted', visaDaysUsed: 3 });
  });

  it('asks for notice where the host requires it, and honours notice given in time', async () => {
    const { service, clock, at } = await kiosk('spree');
    expect(service.desk.checkin({ credential: 'CC-1' }, at('2026-11-23T09:00:00Z'))).toMatchObject({ decision: 'denied', reason: 'notice_required' });
    clock.now = new Date('2026-11-22T08:00:00Z'); // 25 hours ahead
    service.desk.expectVisit({ memberId: 'cc-1', date: '2026-11-23' });
    expect(service.desk.checkin({ credential: 'CC-1' }, at('2026-11-23T09:00:00Z'))).toMatchObject({
      decision: 'admitted',
      reason: 'visa',
      visaDaysAllowed: 2,
    });

    clock.now = new Date('2026-11-23T08:00:00Z'); // one hour ahead: too late
    service.desk.expectVisit({ memberId: 'hw-1', date: '2026-11-23' });
    expect(service.desk.checkin({ credential: 'HW-1' }, at('2026-11-23T09:00:00Z'))).toMatchObject({ decision: 'denied', reason: 'notice_required' });
  });

  it('refuses an expected visit for an unknown member or a past date', async () => {
    const { service } = await kiosk();
    expect(() => service.desk.expectVisit({ memberId: 'nobody', date: '2026-12-01' })).toThrow(/no member "nobody"/);
    expect(() => service.desk.expectVisit({ memberId: 'cc-1', date: '2026-11-20' })).toThrow(/in the past/);
    expect(() => service.desk.expectVisit({ memberId: 'cc-1', date: '2026-02-30' })).toThrow(/date/);
  });

  it('refuses an expected visit more than a year ahead, as the registry refuses the announcement: a mistyped year is not kept', async () => {
    const { service } = await kiosk();
    const expected = () => service.db.prepare('SELECT member_id AS memberId, local_date AS date FROM expected_visits ORDER BY local_date').all();
    expect(() => service.desk.expectVisit({ memberId: 'cc-1', date: '2062-11-23' })).toThrow(
      expect.objectContaining({ code: 'invalid', message: '2062-11-23 is more than a year ahead: check the year', detail: { what: 'date_too_far' } }),
    );
    expect(() => service.desk.expectVisit({ memberId: 'cc-1', date: '2027-11-23' })).toThrow(/more than a year ahead/);
    expect(expected()).toEqual([]);
    expect(service.desk.expectVisit({ memberId: 'cc-1', date: '2027-11-22' })).toMatchObject({ date: '2027-11-22', notice: null });
    expect(expected()).toEqual([{ memberId: 'cc-1', date: '2027-11-22' }]);
  });

  it.each([
    ['CC-2', 'member_inactive'],
    ['CC-3', 'membership_expired'],
    ['KL-1', 'space_not_participating'],
    ['XX-404', 'unknown_credential'],
  ])('denies %s with %s, logs the denial, and offers a day pass', async (credential, reason) => {
    const { service } = await kiosk();
    const result = service.desk.checkin({ credential });
    expect(result).toMatchObject({ decision: 'denied', reason, dayPass: { price: '15.00', currency: 'EUR' } });
    expect(service.db.prepare('SELECT decision, reason FROM visits WHERE id = ?').get(result.visitId)).toEqual({ decision: 'denied', reason });
  });

  it('shows the number an unknown badge read, in canonical form', async () => {
    const { service } = await kiosk();
    expect(service.desk.checkin({ credential: 'de:ad:be:ef:01' })).toMatchObject({
      reason: 'unknown_credential',
      credential: { kind: 'rfid', value: 'DEADBEEF01' },
    });
  });

  it('matches a reader that prints the low 32 bits in decimal', async () => {
    const { service } = await kiosk();
    expect(service.desk.checkin({ credential: '0010597059', kind: 'rfid', form: 'decimal' })).toMatchObject({ decision: 'admitted', member: { id: 'cc-1' } });
  });

  it('takes a form without a kind as an RFID UID, and refuses a form for a barcode', async () => {
    const { service } = await kiosk();
    expect(service.desk.checkin({ credential: '0010597059', form: 'decimal' }, { dryRun: true })).toMatchObject({
      decision: 'admitted',
      member: { id: 'cc-1' },
    });
    expect(() => service.desk.checkin(valid('checkin', { credential: 'CC-1', kind: 'barcode', form: 'decimal' }))).toThrow(
      /^form: is for RFID UIDs: a barcode is read as it is$/,
    );
    expect(visitCount(service)).toBe(0);
  });

  it('a dry run decides but logs nothing', async () => {
    const { service } = await kiosk();
    expect(service.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted', visitId: null });
    expect(visitCount(service)).toBe(0);
  });

  it('a staff badge opens staff mode and logs no visit', async () => {
    const { service } = await kiosk();
    service.staff.add({ name: 'Rita Front', role: 'staff', pin: '4821', badge: 'ab:cd:ef:01' });
    expect(service.desk.checkin({ credential: 'ABCDEF01' })).toMatchObject({ decision: 'staff', staff: { name: 'Rita Front', role: 'staff' }, visitId: null });
    expect(visitCount(service)).toBe(0);
  });

  it('stores staff PINs as scrypt hashes, never as given', async () => {
    const { service } = await kiosk();
    service.staff.add({ name: 'Rita Front', role: 'manager', pin: '4821' });
    const { pin_hash: hash } = service.db.prepare('SELECT pin_hash FROM staff').get() as { pin_hash: string };
    expect(hash).toMatch(/^scrypt\$/);
    expect(hash).not.toContain('4821');
    expect(() => service.staff.add(valid('addStaff', { name: 'X', role: 'staff', pin: '12' }))).toThrow(/pin: must be 4 to 12 digits/);
  });

  it('sells a day pass at the host’s price; the buyer’s next tap that day is a repeat', async () => {
    const { service } = await kiosk();
    service.desk.checkin({ credential: 'CC-2' });
    const pass = service.desk.sellDayPass({ name: 'Grace Hopper', email: 'grace@example.org', memberId: 'cc-2' });
    expect(pass).toMatchObject({ name: 'Grace Hopper', price: '15.00', currency: 'EUR' });
    expect(service.desk.checkin({ credential: 'CC-2' })).toMatchObject({
      decision: 'admitted',
      kind: 'day_pass',
      reason: 'day_pass',
      repeat: true,
      visitId: pass.visitId,
    });
  });

  it('refuses a day pass where the host sells none, and a nameless one', async () => {
    const { service } = await kiosk('spree');
    expect(() => service.desk.sellDayPass({ name: 'Guest' })).toThrow(/does not sell day passes/);
    expect(() => service.desk.sellDayPass(valid('sellDayPass', { name: '  ' }))).toThrow(/name: is required/);
  });

  it('keeps the name and home space a visit had, after the list changes', async () => {
    const { service } = await kiosk();
    const visit = service.desk.checkin({ credential: 'CC-1' });
    const renamed = smallFeed({ sequence: 11 });
    renamed.members[1] = { ...renamed.members[1]!, name: 'Augusta Ada King' };
    renamed.spaces[1] = { ...renamed.spaces[1]!, name: 'Cedar Commons Cooperative' };
    await service.visaList.importFeed({ feed: feedBytes(renamed) });
    expect(service.db.prepare('SELECT member_name, home_space_name FROM visits WHERE id = ?').get(visit.visitId)).toEqual({
      member_name: 'Ada Lovelace',
      home_space_name: 'Cedar Commons',
    });
  });

  it('never deletes or rewrites a logged visit', async () => {
    const { service } = await kiosk();
    const visit = service.desk.checkin({ credential: 'CC-1' });
    expect(() => service.db.prepare('DELETE FROM visits WHERE id = ?').run(visit.visitId)).toThrow(/never deleted/);
    expect(() => service.db.prepare("UPDATE visits SET decision = 'denied' WHERE id = ?").run(visit.visitId)).toThrow(/void it instead/);
  });

  it('emits each decision as an event for the screen', async () => {
    const { service } = await kiosk();
    const seen: string[] = [];
    service.events.on('checkin', (r) => seen.push(`${r.decision}:${r.member?.id ?? r.credential.value}`));
    service.desk.checkin({ credential: 'CC-1' });
    service.desk.checkin({ credential: 'nope' });
    service.desk.checkin({ credential: 'CC-1' }, { dryRun: true });
    expect(seen).toEqual(['admitted:cc-1', 'denied:nope']);
  });
});

import crypto from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kiosk } from '../../service/kiosk';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';
import { valid } from '../fixtures/valid-input';

const tempDir = useTempDir();

/** A kiosk on a real database file whose clock the test sets. */
async function kiosk(space = 'harbour', feed = smallFeed()) {
  const clock = { now: new Date('2026-11-21T10:00:00Z') };
  const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'), { now: () => clock.now });
  await service.visaList.importFeed({ feed: feedBytes(feed) });
  service.settings.set({ key: 'space.id', value: space });
  return { service, clock, at: (iso: string) => ({ at: new Date(iso) }) };
}

const visitCount = (service: Kiosk) => (service.db.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n;

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

describe('installing a visa list', () => {
  const expectUnchanged = (service: Kiosk, sequence = 10) => {
    expect(service.visaList.status()).toMatchObject({ sequence, spaces: 4, members: 6, credentials: 8 });
    expect(service.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted' });
  };

  it('reports what is installed, and calls it stale by its own generatedAt, not by when it was downloaded', async () => {
    const { service, clock } = await kiosk('harbour', smallFeed({ generatedAt: '2026-11-21T09:00:00Z' }));
    clock.now = new Date('2026-11-21T11:00:00Z');
    expect(service.visaList.status()).toEqual({
      sequence: 10,
      generatedAt: '2026-11-21T09:00:00Z',
      expiresAt: null,
      spaces: 4,
      members: 6,
      credentials: 8,
      lastSyncAt: '2026-11-21T10:00:00.000Z',
      ageSeconds: 3600,
      stale: false,
      staleReason: null,
      plainHttpFeed: false,
      lastError: null,
      lastErrorDetail: null,
      lastSync: null,
    });
    // The same list downloaded again a week later is a sync just now, but the list is a week old.
    clock.now = new Date('2026-11-28T09:00:01Z');
    await service.visaList.importFeed({ feed: feedBytes(smallFeed({ generatedAt: '2026-11-21T09:00:00Z' })) });
    expect(service.visaList.status()).toMatchObject({ ageSeconds: 0, stale: true, staleReason: 'too_old' });
    service.settings.set({ key: 'visa.staleDays', value: '10' });
    expect(service.visaList.status()).toMatchObject({ stale: false, staleReason: null });
    expect(() => service.settings.set({ key: 'visa.staleDays', value: '0' })).toThrow(/visa.staleDays/);
    expect(service.settings.get({ key: 'visa.staleDays' })).toBe(10);
  });

  it('a list past the expiresAt its feed carries is stale; one dated ahead of the clock is not taken as fresh', async () => {
    const { service, clock } = await kiosk('harbour', smallFeed({ generatedAt: '2026-11-21T09:00:00Z', expiresAt: '2026-11-21T15:00:00Z' }));
    expect(service.visaList.status()).toMatchObject({ expiresAt: '2026-11-21T15:00:00Z', stale: false });
    clock.now = new Date('2026-11-21T15:00:00Z');
    expect(service.visaList.status()).toMatchObject({ stale: true, staleReason: 'expired' });

    clock.now = new Date('2026-11-21T10:00:00Z');
    await service.visaList.importFeed({ feed: feedBytes(smallFeed({ sequence: 11, generatedAt: '2026-11-21T10:59:00Z' })) });
    expect(service.visaList.status()).toMatchObject({ sequence: 11, expiresAt: null, stale: false });
    await service.visaList.importFeed({ feed: feedBytes(smallFeed({ sequence: 12, generatedAt: '2026-11-21T11:01:00Z' })) });
    expect(service.visaList.status()).toMatchObject({ sequence: 12, stale: true, staleReason: 'from_the_future' });
  });

  it('refuses a feed whose expiresAt is not a time, and keeps the installed list', async () => {
    const { service } = await kiosk();
    await expect(service.visaList.importFeed({ feed: feedBytes({ ...smallFeed({ sequence: 11 }), expiresAt: 'next week' } as never) })).rejects.toThrow(
      /expiresAt: must be an ISO 8601 time/,
    );
    expect(service.visaList.status()).toMatchObject({ sequence: 10 });
  });

  it.each([
    ['cut off', '{"format": "coworking-visa/1", "seq', /cut off \(truncated\) at byte 35/],
    ['not JSON', '{"format": "coworking-visa/1", sequence: 3}', /not valid JSON/],
    ['not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), /not UTF-8/],
    ['another format', feedBytes({ ...smallFeed(), format: 'coworking-visa/2' }), /format is "coworking-visa\/2", this kiosk reads "coworking-visa\/1"/],
    ['a JSON array', '[]', /not a JSON object/],
  ])('refuses a feed that is %s and changes nothing', async (_what, feed, message) => {
    const { service } = await kiosk();
    await expect(service.visaList.importFeed({ feed: feed as string })).rejects.toThrow(message);
    expectUnchanged(service);
    expect(service.visaList.status().lastError).toMatch(message);
  });

  it('names a record that is no object at all by its place', async () => {
    const { service } = await kiosk();
    const feed = smallFeed({ sequence: 11 }) as unknown as { members: unknown[] };
    feed.members.push(7);
    const result = await service.visaList.importFeed({ feed: feedBytes(feed) });
    expect(result).toMatchObject({ members: 6, skipped: 1, problems: [expect.stringMatching(/^members\[6\]: \S/)] });
  });

  it('skips a record that breaks the schema, names its field, and installs the rest', async () => {
    const { service } = await kiosk();
    const feed = smallFeed({ sequence: 11 }) as unknown as { members: Record<string, unknown>[] };
    feed.members[2]!.status = 'retired';
    feed.members[3]!.validUntil = '2026-13-01';
    const result = await service.visaList.importFeed({ feed: feedBytes(feed) });
    expect(result).toMatchObject({ sequence: 11, members: 4, skipped: 2 });
    expect(result.problems).toEqual([
      expect.stringMatching(/^members\[2\] \(cc-2\)\.status: /),
      'members[3] (cc-3).validUntil: must be a date written YYYY-MM-DD',
    ]);
    expect(service.desk.checkin({ credential: 'CC-2' }, { dryRun: true })).toMatchObject({ reason: 'unknown_credential' });
    expect(service.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted' });
  });

  it('a stray record of a space not listed does not knock out the real member with the same id after it', async () => {
    const { service } = await kiosk();
    const feed = smallFeed({ sequence: 11 });
    feed.members.unshift({ ...feed.members[1]!, space: 'nowhere', credentials: [] });
    const result = await service.visaList.importFeed({ feed: feedBytes(feed) });
    expect(result).toMatchObject({ members: 6, skipped: 1, problems: ['members[0] (cc-1).space: "nowhere" is not one of the feed\'s spaces'] });
    expect(service.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted', member: { id: 'cc-1' } });
  });

  it('skips a member whose space is not listed', async () => {
    const { service } = await kiosk();
    const feed = smallFeed({ sequence: 11 });
    feed.members[4] = { ...feed.members[4]!, space: 'atlantis' };
    const result = await service.visaList.importFeed({ feed: feedBytes(feed) });
    expect(result).toMatchObject({ members: 5, skipped: 1, problems: ['members[4] (sw-1).space: "atlantis" is not one of the feed\'s spaces'] });
  });

  it('gives a credential claimed by two members, even written differently, to neither', async () => {
    const { service } = await kiosk();
    const feed = smallFeed({ sequence: 11 });
    feed.members[4] = {
      ...feed.members[4]!,
      credentials: [
        { kind: 'rfid', value: '0f-00-a1-b2-c3' },
        { kind: 'barcode', value: 'SW-1' },
      ],
    };
    const result = await service.visaList.importFeed({ feed: feedBytes(feed) });
    expect(result).toMatchObject({
      members: 6,
      credentials: 7,
      skipped: 1,
      problems: ['credential rfid:0F00A1B2C3 is claimed by members cc-1, sw-1: given to neither'],
    });
    expect(service.desk.checkin({ credential: '0F00A1B2C3' }, { dryRun: true })).toMatchObject({ reason: 'unknown_credential' });
    expect(service.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted', member: { id: 'cc-1' } });
    expect(service.desk.checkin({ credential: 'SW-1' }, { dryRun: true })).toMatchObject({ member: { id: 'sw-1' } });
  });

  it('skips a space with an unknown timezone (and so its members) and a member with an unreadable credential', async () => {
    const { service } = await kiosk('cedar');
    const feed = smallFeed({ sequence: 11 });
    feed.spaces[0] = { ...feed.spaces[0]!, timezone: 'Europe/Lisboa' };
    feed.members[1] = { ...feed.members[1]!, credentials: [{ kind: 'rfid', value: 'not-hex' }] };
    const result = await service.visaList.importFeed({ feed: feedBytes(feed) });
    expect(result.problems).toEqual([
      'spaces[0] (harbour).timezone: is not an IANA timezone (e.g. Europe/Berlin)',
      'members[0] (hw-1).space: "harbour" is not one of the feed\'s spaces',
      'members[1] (cc-1).credentials[0]: "not-hex" is not a hexadecimal UID',
    ]);
    expect(result).toMatchObject({ spaces: 3, members: 4, skipped: 3 });
  });

  it('refuses a feed whose every space is unusable', async () => {
    const { service } = await kiosk();
    const feed = smallFeed({ sequence: 11 });
    feed.spaces = feed.spaces.map((space) => ({ ...space, country: 'Portugal' }));
    await expect(service.visaList.importFeed({ feed: feedBytes(feed) })).rejects.toThrow(
      /lists no usable space \(spaces\[0\] \(harbour\)\.country: must be a two-letter/,
    );
    expectUnchanged(service);
  });

  it("refuses a feed without a usable record of this kiosk's own space: check-ins go on with the installed list", async () => {
    const { service } = await kiosk();
    const broken = smallFeed({ sequence: 11 });
    broken.spaces = broken.spaces.map((space) => (space.id === 'harbour' ? { ...space, timezone: 'Europe/Lisboa' } : space));
    await expect(service.visaList.importFeed({ feed: feedBytes(broken) })).rejects.toThrow(
      /^the feed was refused: it has no usable record of this kiosk's space "harbour" \(spaces\[0\] \(harbour\)\.timezone: is not an IANA timezone.*\); check-ins go on with the installed list$/,
    );
    expectUnchanged(service);
    const left = smallFeed({ sequence: 11 });
    left.spaces = left.spaces.filter((space) => space.id !== 'harbour');
    left.members = left.members.filter((member) => member.space !== 'harbour');
    await expect(service.visaList.importFeed({ feed: feedBytes(left) })).rejects.toThrow(
      /^the feed was refused: it has no usable record of this kiosk's space "harbour"; check-ins go on with the installed list$/,
    );
    expectUnchanged(service);
    expect(service.visaList.status().lastError).toMatch(/no usable record of this kiosk's space "harbour"/);
    expect(service.desk.checkin({ credential: 'HW-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted', reason: 'member' });
  });

  it('refuses a feed whose every member is unusable, rather than forget every badge', async () => {
    const { service } = await kiosk();
    const broken = smallFeed({ sequence: 11 });
    broken.members = broken.members.map((member) => ({ ...member, status: 'Active' as 'active' }));
    await expect(service.visaList.importFeed({ feed: feedBytes(broken) })).rejects.toThrow(
      /^the feed was refused: none of its 6 members is usable \(members\[0\] \(hw-1\)\.status: .*\); check-ins go on with the installed list$/,
    );
    expectUnchanged(service);
  });

  it.each([
    ['a truncated file', (text: string) => text.slice(0, text.length / 2), /cut off \(truncated\)/],
    ['a missing sequence', (text: string) => text.replace('"sequence": 11,', ''), /^the feed was refused: sequence: is missing$/],
    [
      'a sequence that is not a whole number',
      (text: string) => text.replace('"sequence": 11,', '"sequence": 11.5,'),
      /^the feed was refused: sequence: must be a whole number$/,
    ],
    ['no members list', (text: string) => text.replace('"members"', '"people"'), /^the feed was refused: members: is missing: a feed lists its members$/],
    [
      'members that are not a list',
      (text: string) => text.replace(/"members": \[[\s\S]*\]\s*\}\s*$/, '"members": 7 }'),
      /^the feed was refused: "members" must be a list of members$/,
    ],
    ['no format', (text: string) => text.replace(/"format": "[^"]*",/, ''), /^the feed was refused: format: is missing$/],
    [
      'a generatedAt without its offset',
      (text: string) => text.replace('"2026-11-01T09:00:00Z"', '"2026-11-01 09:00"'),
      /^the feed was refused: generatedAt: must be an ISO 8601 time with its offset/,
    ],
    ['a key given twice', (text: string) => text.replace('"sequence": 11,', '"sequence": 11, "sequence": 12,'), /the key "sequence" appears twice/],
    ['trailing garbage', (text: string) => `${text} {}`, /unexpected data after the feed/],
    [
      'a key nested 200,000 deep',
      (text: string) => text.replace('"sequence": 11,', `"sequence": 11, "x": ${'['.repeat(200_000)}${']'.repeat(200_000)},`),
      /^the feed was refused: it nests lists or objects more than 64 deep \(at byte \d+\)$/,
    ],
    [
      'a member nested 200,000 deep',
      (text: string) => text.replace('"members": [', `"members": [{ "id": ${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)} },`),
      /^the feed was refused: it nests lists or objects more than 64 deep/,
    ],
  ])('refuses %s whole', async (_what, damage, message) => {
    const { service } = await kiosk();
    await expect(service.visaList.importFeed({ feed: damage(feedBytes(smallFeed({ sequence: 11 }))) })).rejects.toThrow(message);
    expectUnchanged(service);
  });

  it('refuses a roll-back to a lower sequence, and accepts the same or a higher one', async () => {
    const { service } = await kiosk();
    await expect(service.visaList.importFeed({ feed: feedBytes(smallFeed({ sequence: 9 })) })).rejects.toThrow(
      /sequence 9 is older than the installed list's 10/,
    );
    expectUnchanged(service);
    await service.visaList.importFeed({ feed: feedBytes(smallFeed({ sequence: 10 })) });
    expect(await service.visaList.importFeed({ feed: feedBytes(smallFeed({ sequence: 12 })) })).toMatchObject({ sequence: 12, lastError: null });
  });

  it('replaces the whole list: a member left out of the new list is unknown', async () => {
    const { service } = await kiosk();
    const feed = smallFeed({ sequence: 11 });
    feed.members = feed.members.filter((m) => m.id !== 'cc-1');
    await service.visaList.importFeed({ feed: feedBytes(feed) });
    expect(service.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ reason: 'unknown_credential' });
  });

  describe('signed feeds', () => {
    const keys = crypto.generateKeyPairSync('ed25519');
    const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const sign = (bytes: string) => crypto.sign(null, Buffer.from(bytes), keys.privateKey).toString('base64');

    it('installs a feed whose signature matches the configured key', async () => {
      const { service } = await kiosk();
      service.settings.set({ key: 'visa.publicKey', value: publicKeyPem });
      const feed = feedBytes(smallFeed({ sequence: 11 }));
      expect(await service.visaList.importFeed({ feed, signature: sign(feed) })).toMatchObject({ sequence: 11, signed: true });
    });

    it('reads a signature wrapped over lines, as base64 and openssl base64 write it', async () => {
      const { service } = await kiosk();
      service.settings.set({ key: 'visa.publicKey', value: publicKeyPem });
      const feed = feedBytes(smallFeed({ sequence: 11 }));
      const wrapped = `${sign(feed)
        .match(/.{1,64}/g)!
        .join('\n')}\n`;
      expect(wrapped.split('\n').length).toBeGreaterThan(2);
      expect(await service.visaList.importFeed({ feed, signature: wrapped })).toMatchObject({ sequence: 11, signed: true });
    });

    it('refuses a tampered byte, a missing signature and another key, and keeps the old list', async () => {
      const { service } = await kiosk();
      service.settings.set({ key: 'visa.publicKey', value: publicKeyPem });
      const feed = feedBytes(smallFeed({ sequence: 11 }));
      const signature = sign(feed);
      await expect(service.visaList.importFeed({ feed: feed.replace('Ada Lovelace', 'Ada Lovelacf'), signature })).rejects.toThrow(/signature does not match/);
      await expect(service.visaList.importFeed({ feed })).rejects.toThrow(/not signed, and a public key is configured/);
      const other = crypto.generateKeyPairSync('ed25519').privateKey;
      await expect(service.visaList.importFeed({ feed, signature: crypto.sign(null, Buffer.from(feed), other).toString('base64') })).rejects.toThrow(
        /signature does not match/,
      );
      await expect(service.visaList.importFeed({ feed, signature: 'c2hvcnQ=' })).rejects.toThrow(/not a base64 Ed25519 signature/);
      expectUnchanged(service);
    });

    it('refuses a key that is not Ed25519', async () => {
      const { service } = await kiosk();
      const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const feed = feedBytes(smallFeed({ sequence: 11 }));
      await expect(service.visaList.importFeed({ feed, signature: sign(feed) }, { publicKeyPem: rsa })).rejects.toThrow(/public key is rsa, not Ed25519/);
    });

    it('refuses to set visa.publicKey to a key that could verify nothing: another type, or garbage between the PEM lines', async () => {
      const { service } = await kiosk();
      const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect(() => service.settings.set({ key: 'visa.publicKey', value: rsa })).toThrow(/^visa.publicKey is rsa, not Ed25519$/);
      expect(() => service.settings.set({ key: 'visa.publicKey', value: '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----' })).toThrow(
        /^visa.publicKey is not a readable PEM public key$/,
      );
      expect(service.settings.get({ key: 'visa.publicKey' })).toBeNull();
      expect(service.settings.set({ key: 'visa.publicKey', value: publicKeyPem })).toBe(publicKeyPem);
    });
  });
});

describe('settings', () => {
  it('refuses unknown keys and invalid values, and changes nothing', async () => {
    const { service } = await kiosk();
    expect(() => service.settings.set({ key: 'kiosk.colour', value: 'red' })).toThrow(/unknown setting "kiosk.colour"; the settings are: space.id/);
    expect(() => service.settings.set({ key: 'kiosk.idleSeconds', value: 'soon' })).toThrow(/kiosk.idleSeconds/);
    expect(() => service.settings.set({ key: 'space.id', value: 'atlantis' })).toThrow(/not in the installed visa list/);
    expect(service.settings.list()).toMatchObject({ 'space.id': 'harbour', 'kiosk.idleSeconds': 20 });
  });

  it('coerces text from the command line to the setting’s type', async () => {
    const { service } = await kiosk();
    expect(service.settings.set({ key: 'kiosk.idleSeconds', value: '45' })).toBe(45);
    expect(service.settings.get({ key: 'kiosk.idleSeconds' })).toBe(45);
    expect(service.settings.set({ key: 'reader.repeatSeconds', value: ' 2.5 ' })).toBe(2.5);
  });

  it('reads no number into text that is not one: empty text would have turned repeat filtering off', async () => {
    const { service } = await kiosk();
    for (const value of ['', ' ', '0x1e', null, [30], true]) {
      expect(() => service.settings.set({ key: 'reader.repeatSeconds', value }), JSON.stringify(value)).toThrow(/^reader.repeatSeconds must be a number$/);
    }
    expect(service.settings.get({ key: 'reader.repeatSeconds' })).toBe(3);
  });

  it('takes a Zebra resolution of 203, 300 or 600 dpi and refuses any other, keeping the one set', async () => {
    const { service } = await kiosk();
    expect(service.settings.get({ key: 'printer.dpi' })).toBe(203);
    expect(service.settings.set({ key: 'printer.dpi', value: '300' })).toBe(300);
    for (const value of ['250', 0, '600.5']) {
      expect(() => service.settings.set({ key: 'printer.dpi', value }), JSON.stringify(value)).toThrow(
        /^printer\.dpi must be 203, 300 or 600 \(the printer’s dots per inch\)$/,
      );
    }
    expect(() => service.settings.set({ key: 'printer.dpi', value: 'fine' })).toThrow(/^printer\.dpi must be a number$/);
    expect(service.settings.get({ key: 'printer.dpi' })).toBe(300);
  });

  it('says where in a JSON setting the problem is', async () => {
    const { service } = await kiosk();
    expect(() => service.settings.set({ key: 'readers', value: '[{' })).toThrow(/^readers is not valid JSON$/);
    const reader = { id: 'desk', type: 'serial', path: '/dev/ttyUSB0', protocol: 'em4100', baudRate: 0 };
    expect(() => service.settings.set({ key: 'readers', value: JSON.stringify([reader]) })).toThrow(/^readers\[0\]\.baudRate: /);
    expect(() => service.settings.set({ key: 'readers', value: [reader] })).toThrow(/^readers\[0\]\.baudRate: /);
    const desk = { ...reader, baudRate: 9600 };
    expect(() => service.settings.set({ key: 'readers', value: [desk, { ...desk, path: '/dev/ttyUSB1' }] })).toThrow(
      /^readers\[1\]\.id: the id "desk" is given to another reader too$/,
    );
  });
});

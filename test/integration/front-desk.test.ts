import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kiosk } from '../../service/kiosk';
import { LOCAL } from '../../service/kiosk/audit';
import type { Actor } from '../../service/sessions';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';
import { valid } from '../fixtures/valid-input';

const tempDir = useTempDir();

async function desk() {
  const clock = { now: new Date('2026-11-21T10:00:00Z') };
  const file = path.join(tempDir(), 'kiosk.db');
  const service = Kiosk.open(file, { now: () => clock.now });
  await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
  service.settings.set({ key: 'space.id', value: 'harbour' });
  const rita = service.staff.add({ name: 'Rita Front', role: 'staff', pin: '4821', badge: 'AB:CD:EF:01' });
  const actor: Actor = { staffId: rita.id, name: rita.name, role: 'staff' };
  return { service, clock, actor, file };
}

describe('the front desk', () => {
  it('overrides a denial: a new admitted visit names the denial, the staff member and why; it counts as a visa day', async () => {
    const { service, actor } = await desk();
    for (const day of ['03', '10', '17']) service.desk.checkin({ credential: 'CC-1' }, { at: new Date(`2026-11-${day}T10:00:00Z`) });
    const denied = service.desk.checkin({ credential: 'CC-1' });
    expect(denied).toMatchObject({ decision: 'denied', reason: 'visa_days_used_up' });
    const admitted = service.desk.overrideVisit({ visitId: denied.visitId!, reason: 'partner space, agreed by phone' }, actor);
    expect(admitted).toMatchObject({ decision: 'admitted', kind: 'visa', reason: 'visa_days_used_up', member: { id: 'cc-1' }, visaDaysUsed: 4 });
    const today = service.desk.todaysVisits({});
    expect(today.find((v) => v.id === admitted.visitId)).toMatchObject({
      decision: 'admitted',
      overriddenBy: 'Rita Front',
      overrideReason: 'partner space, agreed by phone',
    });
    expect(today.find((v) => v.id === denied.visitId)).toMatchObject({ decision: 'denied', overriddenAs: admitted.visitId });
    // Once admitted by override, the member's next tap today is a repeat.
    expect(service.desk.checkin({ credential: 'CC-1' })).toMatchObject({ decision: 'admitted', repeat: true, visitId: admitted.visitId });
  });

  it('refuses to override what is not a denial, a visit overridden already, or without a reason', async () => {
    const { service, actor } = await desk();
    const admitted = service.desk.checkin({ credential: 'HW-1' });
    expect(() => service.desk.overrideVisit({ visitId: admitted.visitId!, reason: 'because' }, actor)).toThrow(/was not denied/);
    const denied = service.desk.checkin({ credential: 'UNKNOWN-7' });
    expect(() => service.desk.overrideVisit(valid('overrideVisit', { visitId: denied.visitId!, reason: '' }), actor)).toThrow(/reason: must say why/);
    const guest = service.desk.overrideVisit({ visitId: denied.visitId!, reason: 'new member, card not in the list yet', guestName: 'Grace Hopper' }, actor);
    expect(guest).toMatchObject({ kind: 'guest', decision: 'admitted' });
    expect(() => service.desk.overrideVisit({ visitId: denied.visitId!, reason: 'again' }, actor)).toThrow(
      `visit #${denied.visitId} was already overridden as visit #${guest.visitId}`,
    );
    expect(() => service.desk.overrideVisit({ visitId: 999, reason: 'nothing' }, actor)).toThrow('there is no visit #999');
  });

  it("an unknown badge admitted anyway needs the visitor's name, and Today shows it", async () => {
    const { service, actor } = await desk();
    const denied = service.desk.checkin({ credential: 'UNKNOWN-7' });
    expect(denied).toMatchObject({ decision: 'denied', reason: 'unknown_credential' });
    expect(() => service.desk.overrideVisit({ visitId: denied.visitId!, reason: 'new member, card not in the list yet' }, actor)).toThrow(
      /guestName: .*say who the visitor is/,
    );
    expect(() =>
      service.desk.overrideVisit(valid('overrideVisit', { visitId: denied.visitId!, reason: 'new member, card not in the list yet', guestName: '  ' }), actor),
    ).toThrow(/guestName: is required/);
    expect(service.desk.todaysVisits({})).toHaveLength(1);
    const guest = service.desk.overrideVisit(
      valid('overrideVisit', { visitId: denied.visitId!, reason: 'new member, card not in the list yet', guestName: ' Grace Hopper ' }),
      actor,
    );
    expect(service.desk.todaysVisits({}).find((v) => v.id === guest.visitId)).toMatchObject({
      kind: 'guest',
      decision: 'admitted',
      name: 'Grace Hopper',
      overrideReason: 'new member, card not in the list yet',
    });
  });

  it('a 26-bit read that fits two members is not admitted anyway as nobody: staff check the visitor in by hand', async () => {
    const { service, actor } = await desk();
    await service.visaList.importCsv({
      csv: 'id,space,name,email,status,validUntil,credentials\nhw-8,harbour,First,,active,,rfid:0801161DD6\nhw-9,harbour,Second,,active,,rfid:0A02161DD6\n',
    });
    const denied = service.desk.checkin({ credential: '161DD6', form: 'wiegand26' });
    expect(denied).toMatchObject({ decision: 'denied', reason: 'ambiguous_credential', member: null });
    expect(() =>
      service.desk.overrideVisit(valid('overrideVisit', { visitId: denied.visitId!, reason: 'she is at the desk', guestName: 'Second' }), actor),
    ).toThrow(`visit #${denied.visitId}: the badge number fits more than one member: check the visitor in by hand, picking who they are`);
    expect(service.desk.checkinMember({ memberId: 'hw-9' }, actor)).toMatchObject({ decision: 'admitted', member: { id: 'hw-9' } });
  });

  it('refuses to override a denial of another day: it would become a visa day today', async () => {
    const { service, actor } = await desk();
    for (const day of ['03', '10', '17', '18']) service.desk.checkin({ credential: 'CC-1' }, { at: new Date(`2026-11-${day}T10:00:00Z`) });
    const old = service.desk.todaysVisits({ date: '2026-11-18' })[0]!;
    expect(old).toMatchObject({ decision: 'denied', reason: 'visa_days_used_up' });
    expect(() => service.desk.overrideVisit({ visitId: old.id, reason: 'agreed by phone' }, actor)).toThrow(
      `visit #${old.id} was denied on 2026-11-18: only today's denials can be overridden (check the visitor in by hand instead)`,
    );
    expect(service.desk.todaysVisits({})).toEqual([]);
  });

  it('voids a visit: it stays in the log, marked, and stops counting', async () => {
    const { service, actor } = await desk();
    const visit = service.desk.checkin({ credential: 'CC-1' });
    const voided = service.desk.voidVisit({ visitId: visit.visitId!, reason: 'wrong person tapped' }, actor);
    expect(voided).toMatchObject({ id: visit.visitId, voidReason: 'wrong person tapped', voidedAt: '2026-11-21T10:00:00.000Z' });
    expect(() => service.desk.voidVisit({ visitId: visit.visitId!, reason: 'again' }, actor)).toThrow(/voided already/);
    expect(service.desk.checkin({ credential: 'CC-1' })).toMatchObject({ repeat: false, visaDaysUsed: 1 });
  });

  it('finds members by name, email or space, and checks one in by hand, overriding a denial in one step', async () => {
    const { service, actor } = await desk();
    expect(service.desk.searchMembers({ query: 'love' }).map((m) => m.id)).toEqual(['cc-1']);
    expect(
      service.desk
        .searchMembers({ query: 'Cedar Commons' })
        .map((m) => m.id)
        .sort(),
    ).toEqual(['cc-1', 'cc-2', 'cc-3']);
    expect(service.desk.searchMembers({ query: '100%_' })).toEqual([]);
    expect(service.desk.checkinMember({ memberId: 'cc-1' }, actor)).toMatchObject({
      decision: 'admitted',
      kind: 'visa',
      credential: { kind: 'manual', value: 'cc-1' },
    });
    const suspended = service.desk.checkinMember({ memberId: 'cc-2', overrideReason: 'paid at home space today' }, actor);
    expect(suspended).toMatchObject({ decision: 'admitted', reason: 'member_inactive', member: { id: 'cc-2' } });
    expect(() => service.desk.checkinMember({ memberId: 'nobody' }, actor)).toThrow(/no member "nobody"/);
  });

  it('"admit anyway" by hand after a denial overrides that denial: one admitted visit, no second denial left open', async () => {
    const { service, actor } = await desk();
    const denied = service.desk.checkinMember({ memberId: 'cc-2' }, actor);
    expect(denied).toMatchObject({ decision: 'denied', reason: 'member_inactive' });
    const admitted = service.desk.checkinMember({ memberId: 'cc-2', overrideReason: 'renewal paid today' }, actor);
    expect(admitted).toMatchObject({ decision: 'admitted', reason: 'member_inactive', member: { id: 'cc-2' } });
    const today = service.desk.todaysVisits({});
    expect(
      today.map((v) => ({ id: v.id, decision: v.decision, overriddenAs: v.overriddenAs, overriddenBy: v.overriddenBy, overrideReason: v.overrideReason })),
    ).toEqual([
      { id: admitted.visitId, decision: 'admitted', overriddenAs: null, overriddenBy: 'Rita Front', overrideReason: 'renewal paid today' },
      { id: denied.visitId, decision: 'denied', overriddenAs: admitted.visitId, overriddenBy: null, overrideReason: null },
    ]);
  });

  it('member search finds a member by a badge number in any form a reader gives, and tags suspended and expired members', async () => {
    const { service } = await desk();
    expect(service.desk.searchMembers({ query: '0f:00:a1:b2:c3' })).toEqual([
      { id: 'cc-1', name: 'Ada Lovelace', email: 'ada@example.org', space: 'cedar', spaceName: 'Cedar Commons', status: 'active' },
    ]);
    expect(service.desk.searchMembers({ query: '10 00 A1 B2 00' }).map((m) => m.id)).toEqual(['hw-1']);
    expect(service.desk.searchMembers({ query: 'CC-2' }).map((m) => [m.id, m.status])).toEqual([['cc-2', 'suspended']]);
    // Alan Kay's membership ended on 2025-01-31: the list still says active, the desk must see expired.
    expect(service.desk.searchMembers({ query: 'Cedar Commons' }).map((m) => [m.name, m.status])).toEqual([
      ['Ada Lovelace', 'active'],
      ['Alan Kay', 'expired'],
      ['Grace Hopper', 'suspended'],
    ]);
    // A part of a badge number is not a badge: only an exact match names its holder.
    expect(service.desk.searchMembers({ query: '0F00A1' })).toEqual([]);
  });

  it('writes every staff action to a hash-chained audit trail that detects an edit or a deletion', async () => {
    const { service, actor, file } = await desk();
    const denied = service.desk.checkin({ credential: 'CC-2' });
    service.desk.overrideVisit({ visitId: denied.visitId!, reason: 'paid at home' }, actor);
    service.desk.voidVisit({ visitId: denied.visitId! + 1, reason: 'mistake after all' }, actor);
    const log = service.maintenance.auditLog({ limit: 100 });
    expect(log.intact).toBe(true);
    expect(log.entries.map((e) => `${e.actor}: ${e.action}`).slice(0, 3)).toEqual([
      'Rita Front (#1): void',
      'Rita Front (#1): override',
      'command line: add staff',
    ]);
    expect(log.entries[1]!.detail).toMatchObject({ reason: 'paid at home', before: { decision: 'denied', reason: 'member_inactive' } });

    // Someone with the file edits an entry (around the append-only triggers):
    const raw = new Database(file);
    raw.exec('DROP TRIGGER audit_is_never_changed');
    raw.prepare("UPDATE audit SET detail = json_set(detail, '$.reason', 'nothing to see') WHERE action = 'override'").run();
    expect(service.maintenance.auditLog({ limit: 100 })).toMatchObject({
      intact: false,
      problem: expect.stringMatching(/^entry \d+ was changed after it was written$/),
    });
    raw.exec('DROP TRIGGER audit_is_never_deleted');
    raw.prepare("DELETE FROM audit WHERE action = 'override'").run();
    expect(service.maintenance.auditLog({ limit: 100 }).problem).toMatch(/^entry \d+ is missing$/);
    raw.close();
  });

  it('the audit trail refuses edits and deletions through SQL', async () => {
    const { service } = await desk();
    expect(() => service.db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    expect(() => service.db.prepare("UPDATE audit SET actor = 'x'").run()).toThrow(/append-only/);
  });

  it('erases a person by email, keeps anonymous counts, and records it without the email', async () => {
    const { service, actor } = await desk();
    const pass = service.desk.sellDayPass({ name: 'Grace Guest', email: 'grace@example.org', company: 'ACME' });
    service.desk.sellDayPass({ name: 'Other Guest', email: 'other@example.org' });
    // A voided visit of hers: the void is in the audit trail, which can never be changed, so it must not hold her name.
    service.desk.voidVisit({ visitId: pass.visitId, reason: 'sold twice by mistake' }, actor);
    expect(service.maintenance.erasePerson({ email: 'GRACE@example.org' }, LOCAL)).toEqual({ erased: 1 });
    expect(service.db.prepare('SELECT name, email, company FROM guests ORDER BY id').all()).toEqual([
      { name: null, email: null, company: null },
      { name: 'Other Guest', email: 'other@example.org', company: null },
    ]);
    expect(service.db.prepare("SELECT count(*) AS n FROM visits WHERE kind = 'day_pass'").get()).toEqual({ n: 2 });
    expect(JSON.stringify(service.maintenance.auditLog({ limit: 100 }).entries)).not.toMatch(/grace/i);
  });

  it('erases guests past the retention period, and only those', async () => {
    const { service, clock } = await desk();
    service.settings.set({ key: 'privacy.retentionDays', value: '30' });
    clock.now = new Date('2026-10-01T10:00:00Z');
    service.desk.sellDayPass({ name: 'Old Guest', email: 'old@example.org' });
    clock.now = new Date('2026-11-20T10:00:00Z');
    service.desk.sellDayPass({ name: 'New Guest' });
    expect(service.maintenance.purgeExpiredGuests()).toBe(1);
    expect(service.db.prepare('SELECT name FROM guests ORDER BY id').pluck().all()).toEqual([null, 'New Guest']);
    expect(service.maintenance.auditLog({ limit: 100 }).entries[0]).toMatchObject({ actor: 'the kiosk', action: 'retention', detail: { guestsErased: 1 } });
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kiosk } from '../../service/kiosk';
import type { Screen } from '../../service/staff-access';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();

const MARIA = 1;
const SAM = 2;
const desk: Screen = { id: 'this computer', local: true };
const lobby: Screen = { id: 'screen at 192.0.2.40', local: false };
const hall: Screen = { id: 'screen at 192.0.2.41', local: false };

/** A kiosk with a wall clock and a monotonic clock the test moves by hand. */
function kiosk(file = path.join(tempDir(), 'kiosk.db'), monotonicStart = 1_000_000) {
  const clock = { now: new Date('2026-11-21T10:00:00Z'), monotonic: monotonicStart };
  const service = Kiosk.open(file, { now: () => clock.now, monotonic: () => clock.monotonic });
  const later = (ms: number) => {
    clock.monotonic += ms;
    clock.now = new Date(clock.now.getTime() + ms);
  };
  return { service, clock, later, file };
}

function withStaff() {
  const k = kiosk();
  k.service.staff.add({ name: 'Maria Manager', role: 'manager', pin: '482193' });
  k.service.staff.add({ name: 'Sam Staff', role: 'staff', pin: '1111' });
  return k;
}

function refusedSignIns(service: Kiosk) {
  return service.maintenance.auditLog({ limit: 100 }).entries.filter((e) => e.action === 'sign-in refused');
}

describe('PIN sign-in, one account at a time', () => {
  it('a person picks their name: the names list has names and ids only', () => {
    const { service } = withStaff();
    expect(service.staff.names()).toEqual([
      { id: MARIA, name: 'Maria Manager' },
      { id: SAM, name: 'Sam Staff' },
    ]);
  });

  it('a right PIN signs in as the chosen account only; another account’s PIN is just wrong', () => {
    const { service } = withStaff();
    expect(service.staff.signIn({ staffId: SAM, pin: '1111' }, desk)).toMatchObject({ staff: { id: SAM, name: 'Sam Staff' }, token: expect.any(String) });
    expect(service.staff.signIn({ staffId: SAM, pin: '482193' }, desk)).toEqual({
      refusal: { refused: 'wrong_pin', triesLeft: 4 },
      message: "that PIN is not right: 4 tries left before Sam Staff's PIN entry locks",
    });
  });

  it('two accounts may have the same PIN, and adding one says nothing about anyone else’s', () => {
    const { service } = withStaff();
    const dee = service.staff.add({ name: 'Dee Same-Pin', role: 'staff', pin: '482193' });
    expect(service.staff.signIn({ staffId: dee.id, pin: '482193' }, desk)).toMatchObject({ staff: { name: 'Dee Same-Pin', role: 'staff' } });
    expect(service.staff.signIn({ staffId: MARIA, pin: '482193' }, desk)).toMatchObject({ staff: { name: 'Maria Manager', role: 'manager' } });
  });

  it('five wrong PINs lock that account for five minutes; another account still signs in', () => {
    const { service, later } = withStaff();
    const tries = ['1', '2', '3', '4', '5'].map((n) => {
      later(10 * 60_000);
      return service.staff.signIn({ staffId: SAM, pin: `000${n}` }, lobby);
    });
    expect(tries.map((t) => ('refusal' in t ? t.refusal : null))).toEqual([
      { refused: 'wrong_pin', triesLeft: 4 },
      { refused: 'wrong_pin', triesLeft: 3 },
      { refused: 'wrong_pin', triesLeft: 2 },
      { refused: 'wrong_pin', triesLeft: 1 },
      { refused: 'locked', minutes: 5 },
    ]);
    expect(service.staff.signIn({ staffId: SAM, pin: '1111' }, hall)).toEqual({
      refusal: { refused: 'locked', minutes: 5 },
      message: "Sam Staff's PIN entry is locked after 5 wrong PINs: try again in 5 minutes",
    });
    expect(service.staff.signIn({ staffId: MARIA, pin: '482193' }, hall)).toMatchObject({ staff: { name: 'Maria Manager' } });
    later(4 * 60_000 + 1);
    expect(service.staff.signIn({ staffId: SAM, pin: '1111' }, hall)).toMatchObject({ refusal: { refused: 'locked', minutes: 1 } });
    later(60_000);
    expect(service.staff.signIn({ staffId: SAM, pin: '1111' }, hall)).toMatchObject({ staff: { name: 'Sam Staff' } });
  });

  it('a wall clock set back two days changes nothing: the lock counts down on the monotonic clock', () => {
    const { service, clock, later } = withStaff();
    for (let i = 0; i < 5; i++) {
      later(10 * 60_000);
      service.staff.signIn({ staffId: SAM, pin: '0000' }, lobby);
    }
    clock.now = new Date(clock.now.getTime() - 2 * 24 * 3_600_000);
    expect(service.staff.signIn({ staffId: SAM, pin: '1111' }, hall)).toMatchObject({ refusal: { refused: 'locked', minutes: 5 } });
    clock.monotonic += 5 * 60_000;
    expect(service.staff.signIn({ staffId: SAM, pin: '1111' }, hall)).toMatchObject({ staff: { name: 'Sam Staff' } });
  });

  it('after three wrong PINs a screen waits longer before each try, whichever account it tries; other screens do not', () => {
    const { service, later } = withStaff();
    for (const staffId of [SAM, SAM, MARIA]) expect(service.staff.signIn({ staffId, pin: '0000' }, lobby)).toMatchObject({ refusal: { refused: 'wrong_pin' } });
    expect(service.staff.signIn({ staffId: MARIA, pin: '482193' }, lobby)).toEqual({
      refusal: { refused: 'wait', seconds: 5 },
      message: 'too many wrong PINs from this screen: wait 5 seconds before the next try',
    });
    expect(service.staff.signIn({ staffId: SAM, pin: '1111' }, hall)).toMatchObject({ staff: { name: 'Sam Staff' } });
    later(5_000);
    expect(service.staff.signIn({ staffId: MARIA, pin: '0000' }, lobby)).toMatchObject({ refusal: { refused: 'wrong_pin', triesLeft: 3 } });
    expect(service.staff.signIn({ staffId: MARIA, pin: '482193' }, lobby)).toMatchObject({ refusal: { refused: 'wait', seconds: 10 } });
    later(10_000);
    expect(service.staff.signIn({ staffId: MARIA, pin: '482193' }, lobby)).toMatchObject({ staff: { name: 'Maria Manager' } });
  });

  it('keeps a lock’s remaining time across a restart, counted from where it was, never more than five minutes', async () => {
    const first = withStaff();
    for (let i = 0; i < 5; i++) {
      first.later(10 * 60_000);
      first.service.staff.signIn({ staffId: SAM, pin: '0000' }, lobby);
    }
    first.later(3 * 60_000);
    await first.service.close();
    // A new process: its monotonic clock starts anywhere, even far below the old one's.
    const second = kiosk(first.file, 5);
    expect(second.service.staff.signIn({ staffId: SAM, pin: '1111' }, hall)).toMatchObject({ refusal: { refused: 'locked', minutes: 2 } });
    second.later(2 * 60_000);
    expect(second.service.staff.signIn({ staffId: SAM, pin: '1111' }, hall)).toMatchObject({ staff: { name: 'Sam Staff' } });
    await second.service.close();
  });

  it('records each wrong PIN in the audit trail: who was tried and from which screen, never the PIN', () => {
    const { service } = withStaff();
    service.staff.signIn({ staffId: SAM, pin: '9876' }, lobby);
    service.staff.signIn({ staffId: MARIA, pin: '5432' }, hall);
    const refused = refusedSignIns(service);
    expect(refused.map(({ actor, detail }) => ({ actor, detail }))).toEqual([
      { actor: 'screen at 192.0.2.41', detail: { staff: MARIA, name: 'Maria Manager', why: 'wrong PIN' } },
      { actor: 'screen at 192.0.2.40', detail: { staff: SAM, name: 'Sam Staff', why: 'wrong PIN' } },
    ]);
    expect(JSON.stringify(service.maintenance.auditLog({ limit: 100 }))).not.toMatch(/9876|5432/);
    expect(service.maintenance.auditLog({ limit: 100 }).intact).toBe(true);
  });

  it('an account that does not exist is named as such', () => {
    const { service } = withStaff();
    expect(() => service.staff.signIn({ staffId: 99, pin: '1111' }, lobby)).toThrow('there is no active staff account #99');
  });
});

describe('the manager PIN that leaves kiosk mode', () => {
  it('accepts an active manager’s PIN, and not a staff member’s or a wrong one', () => {
    const { service } = withStaff();
    expect(service.staff.verifyManagerPin('482193')).toBe(true);
    expect(service.staff.verifyManagerPin('1111')).toBe(false);
    expect(service.staff.verifyManagerPin('not a pin')).toBe(false);
  });

  it('wrong PINs make the kiosk window wait, lock no account, and are audited', () => {
    const { service, later } = withStaff();
    for (let i = 0; i < 3; i++) expect(service.staff.verifyManagerPin('0000')).toBe(false);
    // The seconds travel as a number too, for the screen to say in its own language.
    expect(() => service.staff.verifyManagerPin('482193')).toThrow(
      expect.objectContaining({ message: 'too many wrong PINs from this screen: wait 5 seconds before the next try', retryAfterSeconds: 5 }),
    );
    expect(service.staff.signIn({ staffId: MARIA, pin: '482193' }, lobby)).toMatchObject({ staff: { name: 'Maria Manager' } });
    later(5_000);
    expect(service.staff.verifyManagerPin('482193')).toBe(true);
    expect(refusedSignIns(service)).toHaveLength(3);
    expect(refusedSignIns(service)[0]).toMatchObject({ actor: 'the kiosk window', detail: { why: 'wrong PIN to leave kiosk mode' } });
  });
});

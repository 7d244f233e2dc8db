import { describe, expect, it } from 'vitest';
import { decideCheckin, type PolicyFacts, type SpaceTerms } from '../../core/checkin-policy';

const host: SpaceTerms = { id: 'harbour', timezone: 'Europe/Lisbon', visa: { accepts: true, freeDaysPerMonth: 3, noticeHours: 0 } };
const home: SpaceTerms = { id: 'cedar', timezone: 'America/Los_Angeles', visa: { accepts: true, freeDaysPerMonth: 3, noticeHours: 0 } };
const visitor = { id: 'cc-1', spaceId: 'cedar', status: 'active' as const, validUntil: '2027-01-31' };
const own = { id: 'hw-1', spaceId: 'harbour', status: 'active' as const, validUntil: null };

function facts(overrides: Partial<PolicyFacts> = {}): PolicyFacts {
  return {
    at: new Date('2026-11-21T10:00:00Z'),
    host,
    holder: { type: 'member', member: visitor, homeSpace: home },
    admittedToday: null,
    visaDaysUsedThisMonth: 0,
    noticeRegisteredAt: null,
    ...overrides,
  };
}

describe('check-in policy: one test per rule, in the order of docs/architecture.md, "The check-in rules"', () => {
  it('opens staff mode for a staff badge and logs nothing', () => {
    expect(decideCheckin(facts({ holder: { type: 'staff', staffId: 7 } }))).toEqual({ decision: 'staff', staffId: 7 });
  });

  it('denies an unknown credential', () => {
    const d = decideCheckin(facts({ holder: { type: 'unknown' } }));
    expect(d).toMatchObject({ decision: 'denied', reason: 'unknown_credential', kind: null, repeat: false });
  });

  it('denies a refused visa pass with its own reason, before anything else, even after an admission today', () => {
    const expired = decideCheckin(facts({ holder: { type: 'refused', reason: 'pass_expired', kind: 'visa' }, admittedToday: { visitId: 3, kind: 'visa' } }));
    expect(expired).toMatchObject({ decision: 'denied', reason: 'pass_expired', kind: 'visa', repeat: false });
    expect(decideCheckin(facts({ holder: { type: 'refused', reason: 'pass_invalid', kind: null } }))).toMatchObject({
      decision: 'denied',
      reason: 'pass_invalid',
      kind: null,
    });
  });

  it('admits a member already admitted today again, as a repeat, without counting another day', () => {
    const d = decideCheckin(facts({ admittedToday: { visitId: 12, kind: 'visa' }, visaDaysUsedThisMonth: 2 }));
    expect(d).toMatchObject({ decision: 'admitted', reason: 'visa', kind: 'visa', repeat: true, visaDaysUsed: 2, visaDaysAllowed: 3 });
  });

  it('a repeat wins over a status change since the first check-in that day', () => {
    const suspended = { ...visitor, status: 'suspended' as const };
    const d = decideCheckin(facts({ holder: { type: 'member', member: suspended, homeSpace: home }, admittedToday: { visitId: 1, kind: 'visa' } }));
    expect(d).toMatchObject({ decision: 'admitted', repeat: true });
  });

  it.each(['suspended', 'expired'] as const)('denies a %s member as inactive', (status) => {
    const d = decideCheckin(facts({ holder: { type: 'member', member: { ...visitor, status }, homeSpace: home } }));
    expect(d).toMatchObject({ decision: 'denied', reason: 'member_inactive', kind: 'visa' });
  });

  it('denies a membership past its validUntil date, counted in the host’s calendar', () => {
    const member = { ...visitor, validUntil: '2026-11-20' };
    expect(decideCheckin(facts({ holder: { type: 'member', member, homeSpace: home } }))).toMatchObject({ reason: 'membership_expired' });
    // 23:30 UTC on the 20th is already the 21st in Tokyo: expired there, still valid in Lisbon.
    const late = new Date('2026-11-20T23:30:00Z');
    expect(decideCheckin(facts({ at: late, holder: { type: 'member', member, homeSpace: home } }))).toMatchObject({ decision: 'admitted' });
    const tokyo = { ...host, timezone: 'Asia/Tokyo' };
    expect(decideCheckin(facts({ at: late, host: tokyo, holder: { type: 'member', member, homeSpace: home } }))).toMatchObject({
      reason: 'membership_expired',
    });
  });

  it('admits a member of the host space as a member, with no visa count', () => {
    const d = decideCheckin(facts({ holder: { type: 'member', member: own, homeSpace: host } }));
    expect(d).toMatchObject({ decision: 'admitted', kind: 'member', reason: 'member', visaDaysUsed: null, visaDaysAllowed: null });
  });

  it('own members are admitted even when the host takes no visa visitors', () => {
    const closed = { ...host, visa: { ...host.visa, accepts: false } };
    expect(decideCheckin(facts({ host: closed, holder: { type: 'member', member: own, homeSpace: closed } }))).toMatchObject({
      decision: 'admitted',
      reason: 'member',
    });
  });

  it('refuses a visitor whose home space is missing from the list', () => {
    expect(decideCheckin(facts({ holder: { type: 'member', member: visitor, homeSpace: null } }))).toMatchObject({ reason: 'space_not_participating' });
  });

  it('refuses a visitor whose home space is not in the program', () => {
    const out = { ...home, visa: { ...home.visa, accepts: false } };
    expect(decideCheckin(facts({ holder: { type: 'member', member: visitor, homeSpace: out } }))).toMatchObject({ reason: 'space_not_participating' });
  });

  it('refuses every visitor when the host accepts none', () => {
    const closed = { ...host, visa: { ...host.visa, accepts: false } };
    expect(decideCheckin(facts({ host: closed }))).toMatchObject({ decision: 'denied', reason: 'space_not_participating' });
  });

  describe('notice', () => {
    const strict = { ...host, visa: { ...host.visa, noticeHours: 24 } };
    const at = new Date('2026-11-21T10:00:00Z');

    it('is required when none was registered', () => {
      expect(decideCheckin(facts({ host: strict, at }))).toMatchObject({ reason: 'notice_required' });
    });
    it('registered too late is not enough', () => {
      expect(decideCheckin(facts({ host: strict, at, noticeRegisteredAt: new Date('2026-11-20T10:00:01Z') }))).toMatchObject({ reason: 'notice_required' });
    });
    it('registered exactly noticeHours earlier is enough', () => {
      expect(decideCheckin(facts({ host: strict, at, noticeRegisteredAt: new Date('2026-11-20T10:00:00Z') }))).toMatchObject({
        decision: 'admitted',
        reason: 'visa',
      });
    });
  });

  it('counts "day N of M" with this visit included', () => {
    expect(decideCheckin(facts({ visaDaysUsedThisMonth: 0 }))).toMatchObject({ decision: 'admitted', visaDaysUsed: 1, visaDaysAllowed: 3 });
    expect(decideCheckin(facts({ visaDaysUsedThisMonth: 2 }))).toMatchObject({ decision: 'admitted', visaDaysUsed: 3, visaDaysAllowed: 3 });
  });

  it('denies once the free days of the month are used', () => {
    expect(decideCheckin(facts({ visaDaysUsedThisMonth: 3 }))).toMatchObject({
      decision: 'denied',
      reason: 'visa_days_used_up',
      visaDaysUsed: 3,
      visaDaysAllowed: 3,
    });
  });

  it('a host with zero free days admits no visa visitor', () => {
    const none = { ...host, visa: { ...host.visa, freeDaysPerMonth: 0 } };
    expect(decideCheckin(facts({ host: none }))).toMatchObject({ reason: 'visa_days_used_up' });
  });

  it('checks status before expiry, and membership before the space terms', () => {
    const both = { ...visitor, status: 'suspended' as const, validUntil: '2020-01-01' };
    expect(decideCheckin(facts({ holder: { type: 'member', member: both, homeSpace: null } }))).toMatchObject({ reason: 'member_inactive' });
  });

  describe('the local calendar of the host', () => {
    it('dates a visit by the host’s wall clock, not UTC', () => {
      // 23:30 on 31 January in Seattle is already 1 February in UTC.
      const seattle = { ...host, timezone: 'America/Los_Angeles' };
      expect(decideCheckin(facts({ host: seattle, at: new Date('2026-02-01T07:30:00Z') }))).toMatchObject({ localDate: '2026-01-31' });
      expect(decideCheckin(facts({ host: seattle, at: new Date('2026-02-01T08:30:00Z') }))).toMatchObject({ localDate: '2026-02-01' });
    });

    it('handles the day clocks go back (25 hours long)', () => {
      // Lisbon leaves summer time at 02:00 local on 25 October 2026: 00:30 and 23:30 local are 24h apart plus one.
      expect(decideCheckin(facts({ at: new Date('2026-10-24T23:30:00Z') }))).toMatchObject({ localDate: '2026-10-25' }); // 00:30 WEST
      expect(decideCheckin(facts({ at: new Date('2026-10-25T23:30:00Z') }))).toMatchObject({ localDate: '2026-10-25' }); // 23:30 WET
      expect(decideCheckin(facts({ at: new Date('2026-10-26T00:00:00Z') }))).toMatchObject({ localDate: '2026-10-26' });
    });
  });
});

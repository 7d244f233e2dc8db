import { describe, expect, it } from 'vitest';
import { passIn, passVerdict, type PassFacts } from '../../core/pass/pass-verdict';
import type { VisaPass } from '../../core/pass/visa-pass';

const pass: VisaPass = {
  keyId: '0a1b2c3d',
  memberId: 'cc-9',
  spaceId: 'cedar',
  name: 'Ana Lima',
  issuedAt: new Date('2026-12-01T09:00:00Z'),
  expiresAt: new Date('2026-12-31T09:00:00Z'),
};
const before = new Date('2026-11-30T00:00:00Z');
const after = new Date('2026-12-02T00:00:00Z');

function facts(overrides: Partial<PassFacts> = {}): PassFacts {
  return { check: { status: 'valid', pass }, listed: false, removedAt: null, listGeneratedAt: before, keyRetiredAt: null, ...overrides };
}

describe('what a visa pass stands for at a kiosk', () => {
  it('a kiosk without a registry has no keys to check a pass with: refused as invalid, saying so', () => {
    expect(passVerdict(facts({ check: null }))).toEqual({ type: 'refused', reason: 'pass_invalid', fault: 'no_registry' });
  });

  it('a forged, altered or other-alliance pass is refused as invalid, naming the fault for staff', () => {
    expect(passVerdict(facts({ check: { status: 'invalid', why: 'bad_signature' } }))).toEqual({
      type: 'refused',
      reason: 'pass_invalid',
      fault: 'bad_signature',
    });
    expect(passVerdict(facts({ check: { status: 'invalid', why: 'unknown_key' }, listed: true }))).toMatchObject({
      reason: 'pass_invalid',
      fault: 'unknown_key',
    });
  });

  it('an expired pass is refused as expired, even for a member the list has', () => {
    expect(passVerdict(facts({ check: { status: 'expired', pass }, listed: true }))).toEqual({ type: 'refused', reason: 'pass_expired', pass });
  });

  it('the list wins where it has the member, whatever the pass dates or a stale removal say', () => {
    expect(passVerdict(facts({ listed: true, listGeneratedAt: after, removedAt: after }))).toEqual({ type: 'listed', pass });
  });

  it('a member the list does not know is admitted when the pass is newer than the list: they joined since the last sync', () => {
    expect(passVerdict(facts({ listGeneratedAt: before }))).toEqual({ type: 'new', pass });
  });

  it('a member the list does not know, with a pass older than the list, left since: refused', () => {
    expect(passVerdict(facts({ listGeneratedAt: after }))).toEqual({ type: 'refused', reason: 'member_inactive', pass });
    expect(passVerdict(facts({ listGeneratedAt: null }))).toEqual({ type: 'refused', reason: 'member_inactive', pass });
  });

  it('a member removed within a pass’s lifetime is refused, even with a pass dated after the list (a clock ahead)', () => {
    expect(passVerdict(facts({ listGeneratedAt: before, removedAt: before }))).toEqual({ type: 'refused', reason: 'member_inactive', pass });
  });
});

describe('a pass signed by a retired online key', () => {
  const forged = { type: 'refused', reason: 'pass_invalid', fault: 'retired_key' };
  const at = (ms: number) => new Date(pass.issuedAt.getTime() + ms);

  it('counts when it was issued before the key was rotated out, up to its last millisecond', () => {
    expect(passVerdict(facts({ keyRetiredAt: at(86_400_000), listed: true }))).toEqual({ type: 'listed', pass });
    expect(passVerdict(facts({ keyRetiredAt: at(1) }))).toEqual({ type: 'new', pass });
  });

  it('issued at the moment of the rotation or after it, it was signed by whoever kept the old key: refused as invalid', () => {
    expect(passVerdict(facts({ keyRetiredAt: at(0), listed: true }))).toEqual(forged);
    expect(passVerdict(facts({ keyRetiredAt: at(-1), listed: true }))).toEqual(forged);
    expect(passVerdict(facts({ keyRetiredAt: at(-20 * 86_400_000) }))).toEqual(forged);
  });

  it('is refused as forged even once expired, or for a member the list removed: no other reason names it better', () => {
    expect(passVerdict(facts({ check: { status: 'expired', pass }, keyRetiredAt: at(-1) }))).toEqual(forged);
    expect(passVerdict(facts({ removedAt: before, keyRetiredAt: at(-1) }))).toEqual(forged);
  });

  it('a bad signature stays a bad signature whatever the key’s retirement', () => {
    expect(passVerdict(facts({ check: { status: 'invalid', why: 'bad_signature' }, keyRetiredAt: at(-1) }))).toMatchObject({ fault: 'bad_signature' });
  });
});

describe('a pass in scanned or typed text', () => {
  it('is found by its prefix, with a scanner’s AIM identifier, padding and lower case (Caps Lock) taken off', () => {
    expect(passIn(']Q1CV1:ABC 12$')).toBe('CV1:ABC 12$');
    expect(passIn('  cv1:abc%  ')).toBe('CV1:ABC%');
    expect(passIn('CC-0006')).toBeNull();
    expect(passIn('0F00A1B2C3')).toBeNull();
  });

  it('text with the prefix is still a pass when it is too long or holds control characters, so it is refused as a bad pass', () => {
    expect(passIn(`CV1:${'A'.repeat(300)}`)).toMatch(/^CV1:A+$/);
    expect(passIn('CV1:AB\u0007C')).toBe('CV1:ABC');
  });
});

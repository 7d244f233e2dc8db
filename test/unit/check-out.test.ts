import { describe, expect, it } from 'vitest';
import { CHECK_OUT_GRACE_SECONDS, repeatTap, type RepeatTapFacts } from '../../core/check-out';

const arrived = new Date('2026-11-21T09:00:00Z');
const at = (minutes: number) => new Date(arrived.getTime() + minutes * 60_000);
const facts = (overrides: Partial<RepeatTapFacts> = {}): RepeatTapFacts => ({ at: at(180), inSince: arrived, checkedOut: false, setting: 'ask', ...overrides });

describe('a repeat tap the same day (core/check-out.ts)', () => {
  it('asks "Check out?" by default: a repeat tap never checks anyone out silently', () => {
    expect(repeatTap(facts())).toBe('ask');
    expect(repeatTap(facts({ at: at(600) }))).toBe('ask');
  });

  it('checks out at once when the space set tap-to-check-out', () => {
    expect(repeatTap(facts({ setting: 'check-out' }))).toBe('check_out');
  });

  it('back from lunch: a tap after a check-out checks the visitor back in, whatever the setting', () => {
    expect(repeatTap(facts({ checkedOut: true }))).toBe('check_back_in');
    expect(repeatTap(facts({ checkedOut: true, setting: 'check-out' }))).toBe('check_back_in');
  });

  it('a second tap just after arriving or coming back only asks, even with tap-to-check-out', () => {
    const back = at(120);
    expect(repeatTap(facts({ setting: 'check-out', inSince: back, at: new Date(back.getTime() + 30_000) }))).toBe('ask');
    expect(repeatTap(facts({ setting: 'check-out', at: new Date(arrived.getTime() + (CHECK_OUT_GRACE_SECONDS - 1) * 1000) }))).toBe('ask');
    expect(repeatTap(facts({ setting: 'check-out', at: new Date(arrived.getTime() + CHECK_OUT_GRACE_SECONDS * 1000) }))).toBe('check_out');
  });
});

import { describe, expect, it } from 'vitest';
import { delayAfter, FORGET_AFTER_MS, MAX_DELAY_SECONDS, secondsToWait } from '../../registry/console/sign-in-delay';
import { clientSource } from '../../registry/http/client-source';
import { SESSION_IDLE_MS, Sessions, sessionCookie, sessionIdOf } from '../../registry/console/sessions';

describe('the coordinator sign-in delay', () => {
  it('lets one typo pass, then doubles from a second up to a minute, never more', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(delayAfter)).toEqual([0, 0, 1, 2, 4, 8, 16, 32, 60, 60]);
    expect(delayAfter(1000)).toBe(MAX_DELAY_SECONDS);
  });

  it('counts the wait from the last failure, rounding up to whole seconds', () => {
    const last = 1_000_000;
    expect(secondsToWait(4, last, last)).toBe(4);
    expect(secondsToWait(4, last, last + 2_500)).toBe(2);
    expect(secondsToWait(4, last, last + 4_000)).toBe(0);
    expect(secondsToWait(1, last, last)).toBe(0);
  });

  it('forgets a source after a quiet day', () => {
    expect(secondsToWait(50, 0, FORGET_AFTER_MS)).toBe(0);
  });

  it('counts IPv4 addresses one by one and IPv6 ones by their /64, however they are written', () => {
    expect(clientSource('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientSource('203.0.113.7')).toBe('203.0.113.7');
    expect(clientSource('2001:db8:1:2::1')).toBe('2001:0db8:0001:0002::/64');
    expect(clientSource('2001:DB8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:0db8:0001:0002::/64');
    expect(clientSource('::1')).toBe('0000:0000:0000:0000::/64');
    expect(clientSource('2001:db8:1:3::1')).not.toBe(clientSource('2001:db8:1:2::1'));
    expect(clientSource(undefined)).toBe('unknown');
  });
});

describe('coordinator console sessions', () => {
  it('end after eight hours without a request, and each request keeps them going', () => {
    let now = 0;
    const sessions = new Sessions(() => now);
    const id = sessions.open();
    now = SESSION_IDLE_MS - 1;
    expect(sessions.use(id)).toBe(true);
    now += SESSION_IDLE_MS - 1;
    expect(sessions.use(id)).toBe(true);
    now += SESSION_IDLE_MS;
    expect(sessions.use(id)).toBe(false);
    expect(sessions.use('made-up')).toBe(false);
    expect(sessions.use(undefined)).toBe(false);
  });

  it('are random, closed on sign-out, and carried in a cookie script cannot read and other sites cannot send', () => {
    const sessions = new Sessions();
    const [a, b] = [sessions.open(), sessions.open()];
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[\w-]{43}$/);
    sessions.close(a);
    expect(sessions.use(a)).toBe(false);
    expect(sessions.use(b)).toBe(true);
    expect(sessionCookie(b, false)).toBe(`vk_console=${b}; Path=/console; HttpOnly; SameSite=Strict`);
    expect(sessionCookie(b, true)).toMatch(/; Secure$/);
    expect(sessionIdOf(`theme=dark; vk_console=${b}; x=1`)).toBe(b);
    expect(sessionIdOf('theme=dark')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { OneTimeTickets } from '../../service/one-time-tickets';

describe('one-time tickets', () => {
  it('stand for their value once, until their time is up', () => {
    let now = 1_000;
    const tickets = new OneTimeTickets<string>(30_000, () => now);
    const ada = tickets.issue('Ada');
    const grace = tickets.issue('Grace');
    expect(ada).not.toBe(grace);
    expect(ada).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(tickets.take(ada)).toBe('Ada');
    expect(tickets.take(ada)).toBeNull();
    now += 30_001;
    expect(tickets.take(grace)).toBeNull();
    expect(tickets.take('never-issued')).toBeNull();
  });

  it('a ticket is good up to the last millisecond of its time', () => {
    let now = 0;
    const tickets = new OneTimeTickets<number>(5 * 60_000, () => now);
    const ticket = tickets.issue(7);
    now = 5 * 60_000;
    expect(tickets.take(ticket)).toBe(7);
  });

  it('an expired ticket is dropped when the next is issued, so it cannot be taken even if the clock goes back', () => {
    let now = 0;
    const tickets = new OneTimeTickets<number>(1_000, () => now);
    const old = tickets.issue(1);
    now = 5_000;
    tickets.issue(2);
    now = 0;
    expect(tickets.take(old)).toBeNull();
  });

  it('a peek says what a ticket stands for and leaves it good; a used or expired one peeks as nothing', () => {
    let now = 0;
    const tickets = new OneTimeTickets<string>(1_000, () => now);
    const ada = tickets.issue('Ada');
    const grace = tickets.issue('Grace');
    expect(tickets.peek(ada)).toBe('Ada');
    expect(tickets.peek(ada)).toBe('Ada');
    expect(tickets.take(ada)).toBe('Ada');
    expect(tickets.peek(ada)).toBeNull();
    now = 1_001;
    expect(tickets.peek(grace)).toBeNull();
  });
});

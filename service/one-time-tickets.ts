import crypto from 'node:crypto';

/**
 * Unguessable tickets that each stand for a value, good once and for a while: a staff badge's
 * read until the screen signs in with it, a manager's export until it is downloaded. Expired
 * tickets are dropped whenever a new one is issued, so unused ones do not pile up.
 */
export class OneTimeTickets<T> {
  private readonly tickets = new Map<string, { value: T; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  issue(value: T): string {
    const now = this.now();
    for (const [old, { expires }] of this.tickets) if (expires < now) this.tickets.delete(old);
    const ticket = crypto.randomBytes(18).toString('base64url');
    this.tickets.set(ticket, { value, expires: now + this.ttlMs });
    return ticket;
  }

  /** What the ticket stands for, leaving it good (a HEAD before the download); null when it is unknown, used or expired. */
  peek(ticket: string): T | null {
    const found = this.tickets.get(ticket);
    return found && found.expires >= this.now() ? found.value : null;
  }

  /** What the ticket stands for, once; null when it is unknown, used or expired. */
  take(ticket: string): T | null {
    const found = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return found && found.expires >= this.now() ? found.value : null;
  }
}

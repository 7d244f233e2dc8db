import crypto from 'node:crypto';
import type { Role } from '../core/vocabulary.js';
import type { StaffRow } from '../db/staff.js';
import { OneTimeTickets } from './one-time-tickets.js';

/** Who is acting: a signed-in staff member, or the local command line (a person with the database file). */
export interface Actor {
  staffId: number | null;
  name: string;
  role: Role;
}

interface Session {
  staff: StaffRow;
  lastActive: number;
}

export const STAFF_IDLE_SECONDS = 120;
const TICKET_SECONDS = 30;

/**
 * Staff sessions, held in memory by the running kiosk: a restart signs everyone out. A session
 * left idle for two minutes is locked and must be opened again with a PIN or badge. A staff
 * badge read at a reader yields a ticket the screen exchanges for a session, once, within 30 s.
 */
export class Sessions {
  private readonly sessions = new Map<string, Session>();
  private readonly tickets: OneTimeTickets<StaffRow>;

  constructor(
    /** Monotonic milliseconds. */
    private readonly now: () => number,
    /** Whether the account may still act: a session of an account disabled since ends at once. */
    private readonly active: (staffId: number) => boolean,
  ) {
    this.tickets = new OneTimeTickets(TICKET_SECONDS * 1000, now);
  }

  open(staff: StaffRow): string {
    const token = crypto.randomBytes(24).toString('base64url');
    this.sessions.set(token, { staff, lastActive: this.now() });
    return token;
  }

  close(token: string | null): void {
    if (token) this.sessions.delete(token);
  }

  /** The session's actor, its idle clock restarted; 'locked' once it was idle too long. */
  actor(token: string | null): Actor | 'locked' | null {
    if (!token) return null;
    const session = this.sessions.get(token);
    if (!session) return null;
    const now = this.now();
    if (now - session.lastActive > STAFF_IDLE_SECONDS * 1000) {
      this.sessions.delete(token);
      return 'locked';
    }
    if (!this.active(session.staff.id)) {
      this.sessions.delete(token);
      return null;
    }
    session.lastActive = now;
    return { staffId: session.staff.id, name: session.staff.name, role: session.staff.role };
  }

  /** True while the session is open and not idle too long; unlike actor, it leaves the idle clock alone. */
  holds(token: string | null): boolean {
    const session = token ? this.sessions.get(token) : undefined;
    return session !== undefined && this.now() - session.lastActive <= STAFF_IDLE_SECONDS * 1000;
  }

  ticketFor(staff: StaffRow): string {
    return this.tickets.issue(staff);
  }

  redeem(ticket: string): StaffRow | null {
    return this.tickets.take(ticket);
  }
}

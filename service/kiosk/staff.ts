import type { ValidInput } from '../../core/api.js';
import type { SignInReply, StaffMember, StaffName } from '../../core/api/staff.js';
import { KioskError } from '../../core/errors.js';
import type { Db } from '../../db/open.js';
import { staffTable } from '../../db/staff.js';
import { writeTx } from '../../db/write-tx.js';
import { hashPin } from '../pin.js';
import { Sessions, STAFF_IDLE_SECONDS, type Actor } from '../sessions.js';
import { StaffAccess, UNNAMED_SCREEN, type Screen } from '../staff-access.js';
import { loadBadgeSecret, StaffBadges } from '../staff-badges.js';
import type { Logger } from '../logging/logger.js';
import { KIOSK_WINDOW, LOCAL, screenActor, type AuditRecord } from './audit.js';
import { credentialForms, memberOf } from './identify.js';
import type { VisaListService } from './visa-list.js';

export interface StaffDeps {
  db: Db;
  visaList: VisaListService;
  record: AuditRecord;
  now: () => Date;
  /** Milliseconds that only go forward: PIN locks, the idle lock and badge tickets must not follow a wall clock set back. */
  monotonic: () => number;
  logger: Logger;
}

/** Staff accounts (PIN, badge) and their sessions: who may do what at the front desk. */
export class StaffService {
  readonly badges: StaffBadges;
  readonly sessions: Sessions;
  private readonly access: StaffAccess;
  private readonly table;

  constructor(private readonly deps: StaffDeps) {
    const { db, monotonic, record } = deps;
    this.table = staffTable(db);
    this.access = new StaffAccess(db, monotonic, (screen, detail) => record(screenActor(screen), 'sign-in refused', detail));
    this.badges = new StaffBadges(db, loadBadgeSecret(db.name));
    this.badges.hashPlainBadges();
    this.sessions = new Sessions(monotonic, (staffId) => this.table.isActive(staffId));
  }

  /**
   * Opens a staff session with an account's PIN or a staff badge's ticket; the transport keeps the
   * token for its connection. A wrong PIN is answered, not thrown: the screen says how many tries are left.
   */
  signIn(input: ValidInput<'signIn'>, screen: Screen = UNNAMED_SCREEN): SignInReply & { token?: string } {
    const how = 'pin' in input ? 'PIN' : 'badge';
    const check = 'pin' in input ? this.access.signIn(input.staffId, input.pin, screen) : null;
    // Tickets are only ever given to the kiosk's own screens: one redeemed elsewhere was taken from them.
    const ticket = 'ticket' in input && screen.local ? this.sessions.redeem(input.ticket) : null;
    const staff = check ? (check.ok ? check.staff : null) : ticket;
    this.deps.logger.info(staff ? 'staff.signIn' : 'staff.signInRefused', {
      with: how,
      staffId: staff?.id ?? ('staffId' in input ? input.staffId : null),
      screen: screen.id,
    });
    if (check && !check.ok) return { refusal: check.refusal, message: check.message };
    if (!staff && !screen.local)
      throw new KioskError('a staff badge signs in alone only at the kiosk itself: choose your name and type your PIN', 'forbidden', {
        detail: { what: 'staff_badge_here_only' },
      });
    if (!staff) throw new KioskError('the staff badge was read too long ago: tap it again', 'forbidden', { detail: { what: 'staff_badge_stale' } });
    writeTx(this.deps.db, 'the sign-in', () =>
      this.deps.record({ staffId: staff.id, name: staff.name, role: staff.role }, 'sign in', { with: how, screen: screen.id }),
    );
    return { token: this.sessions.open(staff), staff, idleSeconds: STAFF_IDLE_SECONDS };
  }

  /** The sign-in screen's list: active accounts' names and ids, nothing more. */
  names(): StaffName[] {
    return this.table.names();
  }

  signOut(token: string | null): { signedOut: true } {
    this.sessions.close(token);
    return { signedOut: true };
  }

  /** Who holds a session token, or 'locked' when it sat idle too long. */
  sessionActor(token: string | null): Actor | 'locked' | null {
    return this.sessions.actor(token);
  }

  /** True while staff are signed in on this session: their screen hears every screen's check-ins. */
  signedIn(token: string | null): boolean {
    return this.sessions.holds(token);
  }

  /** True for an active manager's PIN, to leave kiosk mode; wrong PINs make this screen wait, and throws while it must. */
  verifyManagerPin(pin: string, screen: Screen = KIOSK_WINDOW): boolean {
    return this.access.verifyManager(pin, screen);
  }

  /** Writes what each PIN lock has left, for the next start (as the kiosk closes). */
  saveLocks(): void {
    this.access.saveLocks();
  }

  add({ name, role, pin, badge }: ValidInput<'addStaff'>, actor: Actor = LOCAL): StaffMember {
    // PINs need not differ between accounts: a person picks their name first, so no answer here may say whose a PIN is.
    const candidates = badge === undefined ? null : credentialForms(badge);
    const credential = candidates?.[0];
    const keys = credential ? this.badges.keysOf(credential.value) : [];
    if (credential && this.badges.taken(keys))
      throw new KioskError(`the badge ${credential.value} already belongs to another staff member`, 'invalid', { detail: { what: 'badge_taken' } });
    // A member's badge as a staff badge would open staff mode at their every tap, never checking them in.
    const found = candidates && !this.badges.holder(candidates) ? memberOf(this.deps.visaList.list, candidates) : null;
    if (credential && found && 'ambiguous' in found)
      throw new KioskError(`the badge ${credential.value} fits more than one member's badge: give staff a card of their own`, 'invalid', {
        detail: { what: 'badge_fits_members' },
      });
    if (credential && found && 'member' in found)
      throw new KioskError(`the badge ${credential.value} is ${found.member.name}'s member badge: give staff a card of their own`, 'invalid', {
        detail: { what: 'badge_is_member', name: found.member.name },
      });
    const pinHash = hashPin(pin);
    return writeTx(this.deps.db, 'the staff account', () => {
      const id = this.table.add(name, role, pinHash, this.deps.now().toISOString());
      this.table.addBadgeKeys(id, keys);
      this.deps.record(actor, 'add staff', { staff: id, name, role, badge: keys.length > 0 });
      return { id, name, role };
    });
  }

  list(): (StaffMember & { hasBadge: boolean })[] {
    return this.table.list().map(({ id, name, role, hasBadge }) => ({ id, name, role, hasBadge: hasBadge === 1 }));
  }

  disable({ id }: ValidInput<'disableStaff'>, actor: Actor): StaffMember {
    return writeTx(this.deps.db, 'disabling the staff account', () => {
      const member = this.table.list().find((s) => s.id === id);
      if (!member || !this.table.disable(id, this.deps.now().toISOString())) throw new KioskError(`there is no active staff account #${id}`, 'not_found');
      this.deps.record(actor, 'disable staff', { staff: id, name: member.name });
      return { id, name: member.name, role: member.role };
    });
  }
}

import type { ValidInput } from '../../core/api.js';
import type { CheckinResult, TapNotSaved } from '../../core/api/checkin.js';
import type { KioskInfo } from '../../core/api/kiosk-info.js';
import { localDate } from '../../core/calendar.js';
import { passIn } from '../../core/pass/pass-verdict.js';
import type { PassInvalidFault } from '../../core/pass/pass-verdict.js';
import type { CanonicalCredential } from '../../core/credentials.js';
import { KioskError } from '../../core/errors.js';
import type { CredentialRead } from '../../core/readers.js';
import { retryWhileBusy } from '../../db/busy-retry.js';
import { expectedVisits } from '../../db/expected-visits.js';
import { guests } from '../../db/guests.js';
import { presence } from '../../db/presence.js';
import { storageFault, type Db } from '../../db/open.js';
import { visits } from '../../db/visits.js';
import { notSaved } from '../../db/write-tx.js';
import type { FloodGuard } from '../flood-guard.js';
import type { OneTimeTickets } from '../one-time-tickets.js';
import type { Logger } from '../logging/logger.js';
import type { Screen } from '../staff-access.js';
import { broadcastOf, withTyped } from '../staff-taps.js';
import type { StorageHealth } from '../storage-health.js';
import type { AuditRecord } from './audit.js';
import type { BadgeService, Saved } from './badges.js';
import { decide, type VisitLog } from './decide.js';
import { DenialOrigins } from './denial-origins.js';
import type { DeskOutbox } from './desk-outbox.js';
import type { EventOrigin, KioskEvents } from './events.js';
import { credentialForms, identify, type Identity } from './identify.js';
import type { PassIdentities } from './pass-identity.js';
import type { SettingsService } from './settings.js';
import type { StaffService } from './staff.js';
import type { VisaListService } from './visa-list.js';

export interface CheckinOptions {
  at?: Date;
  dryRun?: boolean;
  /** A reader's tap (its id, and the screen it belongs to): its screens hear a staff badge's ticket in the event, having made no call. */
  reader?: { id: string; screen: string | null };
  /** The screen a badge was typed or scanned at: a staff badge signs in alone only on the kiosk's own machine. */
  screen?: Screen;
  /** Who tapped ("reader desk", "screen at …"): its unknown badges past a flood limit are counted, not logged. */
  source?: string;
}

export interface DeskDeps {
  db: Db;
  events: KioskEvents;
  storage: StorageHealth;
  settings: SettingsService;
  visaList: VisaListService;
  staff: StaffService;
  badges: BadgeService;
  outbox: DeskOutbox;
  flood: FloodGuard;
  passes: PassIdentities;
  record: AuditRecord;
  now: () => Date;
  logger: Logger;
  /**
   * The registry this kiosk joined, at the address members' phones reach (its public URL, else the
   * one joined by), whose page a visitor announces a visit on; null for a static feed.
   */
  registryPublicUrl: () => string | null;
  checkOutTickets: OneTimeTickets<number>;
}

/** The front desk's tap path: what a screen needs to start, a call for staff, and each tap's decision, saved or said to be unsaved. */
export class DeskTaps {
  protected readonly visits;
  protected readonly guests;
  protected readonly expected;
  protected readonly denials = new DenialOrigins();
  protected readonly presence;

  constructor(protected readonly deps: DeskDeps) {
    this.visits = visits(deps.db);
    this.presence = presence(deps.db);
    this.guests = guests(deps.db);
    this.expected = expectedVisits(deps.db);
  }

  /** What every screen needs to start: the space, its language and timers, and what is wrong with the kiosk's files. */
  info(): KioskInfo {
    const { settings, storage, visaList } = this.deps;
    const id = settings.value('space.id');
    // A screen must load to say the list is damaged.
    const space = id ? storage.despiteDamage(() => visaList.list.space(id), null) : null;
    return {
      space: space && { id: space.id, name: space.name, city: space.city, country: space.country, timezone: space.timezone },
      language: settings.value('kiosk.language'),
      idleSeconds: settings.value('kiosk.idleSeconds'),
      dayPass: space?.dayPass ?? null,
      retentionDays: settings.value('privacy.retentionDays'),
      wedgeForm: settings.value('kiosk.wedgeForm'),
      wedgeGapMs: settings.value('reader.wedgeGapMs'),
      printTimeoutSeconds: settings.value('printer.timeoutSeconds'),
      storage: storage.problems(),
    };
  }

  /** The decision a tap gets. `at` and `dryRun` are for the local command line, never for remote clients. */
  checkin({ credential, kind, form }: ValidInput<'checkin'>, options: CheckinOptions = {}): CheckinResult {
    // A pass is known by its prefix, whatever the screen's reader form says.
    const pass = passIn(credential);
    if (pass) return this.checkinPass(pass, options);
    return this.checkinCredentials(credentialForms(credential, kind, form), options, credential.trim());
  }

  /** The same path for a credential a reader has already made canonical; `screen`: the screen the reader belongs to. */
  checkinRead(read: CredentialRead, screen: string | null = null): CheckinResult {
    const options: CheckinOptions = { at: new Date(read.at), reader: { id: read.readerId, screen }, source: `reader ${read.readerId}` };
    const pass = read.kind === 'barcode' ? passIn(read.value) : null;
    if (pass) return this.checkinPass(pass, options);
    return this.checkinCredentials([{ kind: read.kind, value: read.value, match: read.match }], options);
  }

  /** A reader's tap: one that cannot be decided or saved (database locked, disk full, no space set) must not take the reader down. */
  tap(read: CredentialRead, screen: string | null = null): void {
    // One tried again after the kiosk closed is dropped.
    void retryWhileBusy(() => this.checkinRead(read, screen)).catch(
      (error: unknown) => this.deps.db.open && this.tapNotSaved(read, error, { reader: read.readerId, shownAt: screen }),
    );
  }

  /**
   * A reader's tap that could not be decided or saved: the visitor's screen is told to ask for
   * another tap, the front desk's screens and the log say why. Neither the badge's value nor a
   * name is said anywhere: nothing was saved, so there is nobody to name.
   */
  private tapNotSaved(read: CredentialRead, error: unknown, origin: EventOrigin): void {
    const { storage, logger, events } = this.deps;
    storage.noticed(error);
    const fault = storageFault(error);
    const refusal = notSaved('the check-in', error);
    const why = refusal instanceof KioskError ? refusal.message : 'the check-in was not saved: the kiosk hit an internal error';
    const event: TapNotSaved = {
      at: read.at,
      readerId: read.readerId,
      reason: fault === 'busy' || fault === 'full' ? fault : 'other',
      message: why,
      ...(fault !== 'busy' && fault !== 'full' && refusal instanceof KioskError && refusal.detail && { detail: refusal.detail }),
    };
    logger.warn('tapNotSaved', {
      readerId: read.readerId,
      credentialKind: read.kind,
      reason: event.reason,
      message: `reader ${read.readerId}: a tap (${read.kind}) could not be checked in: ${why}`,
    });
    if (!(refusal instanceof KioskError)) logger.error('tapNotSaved.bug', { readerId: read.readerId, error: (error as Error)?.stack ?? String(error) });
    events.emit('tapNotSaved', event, origin);
  }

  /** `typed`: the text as the visitor typed it, shown back to them rather than its canonical form. */
  private checkinCredentials(candidates: CanonicalCredential[], options: CheckinOptions, typed?: string): CheckinResult {
    return this.checkinIdentity(() => ({ identity: identify(this.deps.visaList.list, candidates, (c) => this.deps.staff.badges.holder(c)) }), options, typed);
  }

  /** A visa pass, checked offline; a refused one says why for staff and the log (`passFault`). */
  private checkinPass(text: string, options: CheckinOptions): CheckinResult {
    const at = options.at ?? this.deps.now();
    return this.checkinIdentity(() => {
      const { identity, fault } = this.deps.passes.identify(this.deps.visaList.list, text, at, this.deps.visaList.hostSpace().id);
      return { identity, ...(fault && { passFault: fault }) };
    }, options);
  }

  private checkinIdentity(identityOf: () => { identity: Identity; passFault?: PassInvalidFault }, options: CheckinOptions, typed?: string): CheckinResult {
    const at = options.at ?? this.deps.now();
    const ticket = options.reader !== undefined || options.screen?.local === true;
    const flood = this.deps.flood.tentative();
    const decideNow = () => {
      const { identity, passFault } = identityOf();
      const result = withTyped(decide(this.visitLog(false, flood), identity, at, options.dryRun ?? false, ticket, options.source), typed);
      return passFault ? { ...result, passFault } : result;
    };
    if (options.dryRun) {
      this.deps.visaList.refresh();
      return decideNow();
    }
    let saved: Saved;
    try {
      saved = this.deps.visaList.write('the check-in', () => {
        const decided = decideNow();
        this.noticeOfVisa(decided, at);
        return this.deps.badges.withPending(decided);
      });
    } catch (error) {
      flood.undo();
      throw error;
    }
    const result = this.deps.badges.start(saved);
    const origin: EventOrigin | undefined = options.reader
      ? { reader: options.reader.id, shownAt: options.reader.screen }
      : options.screen && { screen: options.screen };
    this.deps.events.emit('checkin', broadcastOf(result, options.reader !== undefined), origin);
    if (origin && result.decision === 'denied' && result.visitId !== null) this.denials.shown(result.visitId, origin);
    return result;
  }

  /** A visitor admitted with a visa by a tap: the desk hears of it, in the transaction that logs the visit. */
  private noticeOfVisa(result: CheckinResult, at: Date): void {
    if (result.decision !== 'admitted' || result.kind !== 'visa' || result.repeat || result.visitId === null) return;
    const { member } = result;
    this.deps.outbox.notify({ kind: 'visa_checkin', visitId: result.visitId, name: member?.name ?? '', homeSpace: member?.spaceName ?? null }, at);
  }

  /**
   * What a decision reads and writes, for this kiosk's space as the installed list has it now.
   * `byStaff`: a check-in by hand. `unknownBadges`: the flood limit, to give back if the write fails.
   */
  protected visitLog(byStaff = false, unknownBadges = this.deps.flood.tentative()): VisitLog {
    const { visaList, staff, settings, checkOutTickets } = this.deps;
    return {
      presence: this.presence,
      repeatTap: byStaff ? null : settings.value('kiosk.repeatTap'),
      checkOutTicket: (visitId) => checkOutTickets.issue(visitId),
      host: visaList.hostSpace(),
      visits: this.visits,
      expected: this.expected,
      guests: this.guests,
      ticketFor: (row) => staff.sessions.ticketFor(row),
      logUnknown: unknownBadges.logUnknown,
      registryPublicUrl: this.deps.registryPublicUrl,
    };
  }

  protected today(): string {
    return localDate(this.deps.now(), this.deps.visaList.hostSpace().timezone);
  }
}

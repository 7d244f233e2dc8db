import type { ValidInput } from '../../core/api.js';
import type { CheckinResult, StaffCall, TapNotSaved } from '../../core/api/checkin.js';
import type { KioskInfo } from '../../core/api/kiosk-info.js';
import { localDate } from '../../core/calendar.js';
import { passIn } from '../../core/pass/pass-verdict.js';
import type { PassFault } from '../../core/pass/visa-pass.js';
import type { CanonicalCredential } from '../../core/credentials.js';
import { KioskError } from '../../core/errors.js';
import type { CredentialRead } from '../../core/readers.js';
import { retryWhileBusy } from '../../db/busy-retry.js';
import { expectedVisits } from '../../db/expected-visits.js';
import { guests } from '../../db/guests.js';
import { storageFault, type Db } from '../../db/open.js';
import { visits } from '../../db/visits.js';
import { notSaved } from '../../db/write-tx.js';
import type { FloodGuard } from '../flood-guard.js';
import type { Logger } from '../logging/logger.js';
import type { Screen } from '../staff-access.js';
import { broadcastOf, withTyped } from '../staff-taps.js';
import type { StorageHealth } from '../storage-health.js';
import type { AuditRecord } from './audit.js';
import type { BadgeService } from './badges.js';
import { decide, type VisitLog } from './decide.js';
import type { KioskEvents } from './events.js';
import { credentialForms, identify, type Identity } from './identify.js';
import type { PassIdentities } from './pass-identity.js';
import type { SettingsService } from './settings.js';
import type { StaffService } from './staff.js';
import type { VisaListService } from './visa-list.js';

export interface CheckinOptions {
  at?: Date;
  dryRun?: boolean;
  /** A reader's tap: its screens hear a staff badge's ticket in the event, having made no call. */
  fromReader?: boolean;
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
  flood: FloodGuard;
  passes: PassIdentities;
  record: AuditRecord;
  now: () => Date;
  logger: Logger;
}

/** The front desk's tap path: what a screen needs to start, a call for staff, and each tap's decision, saved or said to be unsaved. */
export class DeskTaps {
  protected readonly visits;
  protected readonly guests;
  protected readonly expected;

  constructor(protected readonly deps: DeskDeps) {
    this.visits = visits(deps.db);
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
      storage: storage.problems(),
    };
  }

  /** A visitor pressed "Call staff": the front desk's screens hear it at once. */
  callStaff({ credential, name }: ValidInput<'callStaff'>): StaffCall {
    const call: StaffCall = { at: this.deps.now().toISOString(), credential: credential ?? null, name: name ?? null };
    this.deps.events.emit('staffCalled', call);
    return call;
  }

  /** The decision a tap gets. `at` and `dryRun` are for the local command line, never for remote clients. */
  checkin({ credential, kind, form }: ValidInput<'checkin'>, options: CheckinOptions = {}): CheckinResult {
    // A pass is known by its prefix, whatever the screen's reader form says.
    const pass = passIn(credential);
    if (pass) return this.checkinPass(pass, options);
    return this.checkinCredentials(credentialForms(credential, kind, form), options, credential.trim());
  }

  /** The same path for a credential a reader has already made canonical. */
  checkinRead(read: CredentialRead): CheckinResult {
    const options = { at: new Date(read.at), fromReader: true, source: `reader ${read.readerId}` };
    const pass = read.kind === 'barcode' ? passIn(read.value) : null;
    if (pass) return this.checkinPass(pass, options);
    return this.checkinCredentials([{ kind: read.kind, value: read.value, match: read.match }], options);
  }

  /** A reader's tap: one that cannot be decided or saved (database locked, disk full, no space set) must not take the reader down. */
  tap(read: CredentialRead): void {
    // One tried again after the kiosk closed is dropped.
    void retryWhileBusy(() => this.checkinRead(read)).catch((error: unknown) => this.deps.db.open && this.tapNotSaved(read, error));
  }

  /**
   * A reader's tap that could not be decided or saved: the visitor's screen is told to ask for
   * another tap, the front desk's screens and the log say why. Neither the badge's value nor a
   * name is said anywhere: nothing was saved, so there is nobody to name.
   */
  private tapNotSaved(read: CredentialRead, error: unknown): void {
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
    events.emit('tapNotSaved', event);
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

  private checkinIdentity(
    identityOf: () => { identity: Identity; passFault?: PassFault | 'no_registry' },
    options: CheckinOptions,
    typed?: string,
  ): CheckinResult {
    const at = options.at ?? this.deps.now();
    const ticket = options.fromReader === true || options.screen?.local === true;
    const decideNow = () => {
      const { identity, passFault } = identityOf();
      const result = withTyped(decide(this.visitLog(), identity, at, options.dryRun ?? false, ticket, options.source), typed);
      return passFault ? { ...result, passFault } : result;
    };
    if (options.dryRun) {
      this.deps.visaList.refresh();
      return decideNow();
    }
    const result = this.deps.badges.start(this.deps.visaList.write('the check-in', () => this.deps.badges.withPending(decideNow())));
    this.deps.events.emit('checkin', broadcastOf(result, options.fromReader === true));
    return result;
  }

  /** What a decision reads and writes, for this kiosk's space as the installed list has it now. */
  protected visitLog(): VisitLog {
    const { visaList, staff, flood } = this.deps;
    return {
      host: visaList.hostSpace(),
      visits: this.visits,
      expected: this.expected,
      guests: this.guests,
      ticketFor: (row) => staff.sessions.ticketFor(row),
      logUnknown: (source) => flood.logUnknown(source),
    };
  }

  protected today(): string {
    return localDate(this.deps.now(), this.deps.visaList.hostSpace().timezone);
  }
}

import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import type {
  CheckinResult,
  DayPassResult,
  EventName,
  EventPayload,
  ImportResult,
  KioskInfo,
  ListStatus,
  MethodInput,
  MemberMatch,
  PrinterStatus,
  SignInReply,
  StaffCall,
  StaffMember,
  StaffName,
  AuditView,
  TapNotSaved,
  VisitView,
} from '../core/api.js';
import {
  AuditInput,
  CheckinInput,
  ExportInput,
  CsvInput,
  DayPassInput,
  EraseInput,
  ExpectInput,
  ImportInput,
  ManualCheckinInput,
  SearchInput,
  SignInInput,
  StaffCallInput,
  StaffIdInput,
  StaffInput,
  TodayInput,
  OverrideInput,
  VisitActionInput,
  VisitIdInput,
} from '../core/api.js';
import { isCalendarDate, localDate, monthOf } from '../core/calendar.js';
import { decideCheckin, type Holder, type SpaceTerms } from '../core/checkin-policy.js';
import { credentialCandidates, normaliseCredential, type CanonicalCredential } from '../core/credentials.js';
import { KioskError } from '../core/errors.js';
import { isPlainHttp, listFreshness } from '../core/list-freshness.js';
import type { CredentialRead, ReaderStatus } from '../core/readers.js';
import type { ReasonCode, VisitKind } from '../core/vocabulary.js';
import { exportPath } from '../core/wire.js';
import { effectiveSetting, isSettingKey, SETTING_KEYS, SETTINGS, type SettingKey, type SettingValue } from '../core/settings.js';
import { expectedVisits } from '../db/expected-visits.js';
import { guests } from '../db/guests.js';
import { searchMembers } from './member-search.js';
import { answerWithoutBlocking, retryWhileBusy } from '../db/busy-retry.js';
import { notSaved, openDatabase, storageFault, type Db } from '../db/open.js';
import { settingsTable } from '../db/settings.js';
import { staffTable, type StaffRow } from '../db/staff.js';
import { syncState } from '../db/sync-state.js';
import type { MemberRow, SpaceRow, VisaList } from '../db/visa-list.js';
import { visits } from '../db/visits.js';
import type { Badge, PrintOutcome, PrinterSettings } from '../core/badge.js';
import type { BadgePrinting } from '../drivers/printers/badge-printer.js';
import type { SpoolerEntry } from '../drivers/printers/spool-process.js';
import { findQueue, missingQueueMessage } from '../drivers/printers/cups-queues.js';
import { BadgeQueue, lazyPrinter } from './badge-printing.js';
import { OneTimeTickets } from './one-time-tickets.js';
import { ExportRunner, type ToFileOptions } from './export/export-runner.js';
import type { ExportJob } from './export/export-job.js';
import { parsePublicKey } from './feed-signature.js';
import { fetchFeed, type FetchOptions, type FetchResult } from './feed-fetch.js';
import { ListStore, type BuildRequest } from './list-store.js';
import { hashPin } from './pin.js';
import { ReaderHub, type ReaderFactory } from './reader-hub.js';
import { FloodGuard } from './flood-guard.js';
import { Sessions, STAFF_IDLE_SECONDS, type Actor } from './sessions.js';
import { StaffAccess, UNNAMED_SCREEN, type Screen } from './staff-access.js';
import { loadBadgeSecret, StaffBadges } from './staff-badges.js';
import { broadcastOf } from './staff-taps.js';
import { auditTrail } from '../db/audit.js';
import { parseInput, settingRefused } from './validate.js';
import { Backups, type MadeBackup } from './backup/backups.js';
import { every } from './backup/schedule.js';
import { backupFolder, restoreAdvice } from './backup/names.js';
import { createLogger, logFileBeside, type Logger } from './logging/logger.js';
import { StorageHealth } from './storage-health.js';
import { removeLeftovers } from './leftovers.js';

export interface ServiceOptions {
  /** The clock decisions are made by; tests and `--at` replace it. */
  now?: () => Date;
  /** Milliseconds that only go forward, for PIN locks, staff mode's idle lock and badge tickets (performance.now); tests replace it. */
  monotonic?: () => number;
  /** Where readers come from; tests give recorded devices. */
  readerFactory?: ReaderFactory;
  /** The built list-import worker (dist/node/list-worker.js); without it imports run on this thread. */
  listWorker?: string;
  /** The badge printer; by default the system's spooler (CUPS or Windows) through node-printer. */
  printer?: BadgePrinting;
  /** The built export worker (dist/node/export-worker.js): a long export never holds up a tap. */
  exportWorker?: string;
  /** The built slice thread of long exports (dist/node/export-slice-worker.js). */
  exportSliceWorker?: string;
  /** The built print spooler process (dist/node/spooler-process.js), started once for the kiosk's life. */
  spooler?: SpoolerEntry;
  /** Timeouts and limits of visa-list downloads; tests shorten them. */
  fetch?: Partial<Omit<FetchOptions, 'etag' | 'lastModified' | 'wantSignature'>>;
  /** Where warnings are also said as one line (stderr); everything goes to logs/kiosk.log beside the database. */
  log?: (line: string) => void;
}

/** How often the running kiosk looks whether a backup is due and guests' details have expired. */
const MAINTENANCE_MS = 60 * 60_000;

type Events = { [E in EventName]: [EventPayload<E>] };

/** A visit's badge, marked pending in the visit's commit, to print once it is committed. */
interface PendingBadge {
  badge: Badge & { visitId: number };
  settings: PrinterSettings;
}

/** A check-in as its transaction committed it, with the badge it is to print. */
interface Saved {
  result: CheckinResult;
  badge: PendingBadge | null;
}

interface Identity {
  credential: CheckinResult['credential'];
  holder: Holder;
  member: MemberRow | null;
  /** The member's home space, as the list has it. */
  home: SpaceRow | null;
  staff: StaffRow | null;
}

export interface SyncResult extends ImportResult {
  url: string;
  /** False when the server said the list has not changed (HTTP 304). */
  changed: boolean;
}

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

/**
 * The kiosk: owns the database and implements every method of core/api.ts. Transports
 * (CLI, IPC, WebSocket) only parse, authorise and relay; every rule is applied here.
 */
export class KioskService {
  readonly events = new EventEmitter<Events>();
  /** The kiosk's own files: deleted or replaced under it, or damaged. */
  readonly storage: StorageHealth;
  private readonly store: ListStore;
  private readonly access: StaffAccess;
  private readonly staffBadges: StaffBadges;
  private readonly sessions: Sessions;
  private readonly badges: BadgeQueue;
  private readonly exportRunner: ExportRunner;
  private readonly exportTickets: OneTimeTickets<ExportJob>;
  private readonly audit;
  private readonly visits;
  private readonly guests;
  private readonly expected;
  private readonly settings;
  private readonly staff;
  private readonly sync;
  private readonly now: () => Date;
  private readonly readers: ReaderHub;
  readonly flood: FloodGuard;
  private readonly log: (line: string) => void;
  private readonly logger: Logger;
  private readonly backups: Backups;
  private readonly fetchOptions: ServiceOptions['fetch'];
  private syncTimer: NodeJS.Timeout | null = null;
  private stopMaintenanceTimer: (() => void) | null = null;

  constructor(
    readonly db: Db,
    options: ServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.visits = visits(db);
    this.guests = guests(db);
    this.expected = expectedVisits(db);
    this.settings = settingsTable(db);
    this.staff = staffTable(db);
    this.sync = syncState(db);
    this.store = new ListStore(db, this.sync, { workerFile: options.listWorker, now: this.now });
    const monotonic = options.monotonic ?? (() => performance.now());
    this.access = new StaffAccess(db, monotonic, (screen, detail) => this.record(screenActor(screen), 'sign-in refused', detail));
    this.staffBadges = new StaffBadges(db, loadBadgeSecret(db.name));
    this.staffBadges.hashPlainBadges();
    // Idle locks and tickets run on the monotonic clock: a wall clock set back must not keep staff mode open.
    this.sessions = new Sessions(monotonic, (staffId) => this.staff.isActive(staffId));
    this.exportTickets = new OneTimeTickets(5 * 60_000, () => this.now().getTime());
    this.audit = auditTrail(db);
    this.exportRunner = new ExportRunner(db.name, { workerFile: options.exportWorker, sliceWorkerFile: options.exportSliceWorker });
    // ---- Logging (service/logging): JSON lines beside the database, redacted; warnings still reach options.log.
    this.logger = createLogger({ file: logFileBeside(db.name), ...(options.log && { echo: options.log }) });
    const log = (line: string) => this.logger.warn('kiosk', { message: line });
    this.log = log;
    this.events.on('checkin', (result) =>
      this.logger.info('checkin', { decision: result.decision, kind: result.kind, reason: result.reason, repeat: result.repeat, visitId: result.visitId, member: result.member, credentialKind: result.credential.kind }),
    );
    this.backups = new Backups(db, () => ({ folder: this.setting('backup.folder'), keep: this.setting('backup.keep') }), this.now);
    this.storage = new StorageHealth(db, {
      now: this.now,
      logger: this.logger,
      emit: (problems) => this.events.emit('storage', problems),
      backupFolder: () => this.backups.folder,
      feedUrl: () => this.setting('visa.feedUrl'),
      sync: () => this.syncList(),
    });
    this.events.on('listChanged', () => this.storage.listReplaced());
    // ---- end of logging and backups set-up
    this.badges = new BadgeQueue(
      options.printer ?? lazyPrinter(options.spooler),
      (visitId, status) => this.visits.setBadgeStatus(visitId, status),
      (status) => this.events.emit('badgeStatus', status),
      log,
    );
    this.fetchOptions = options.fetch;
    this.flood = new FloodGuard((sources) => this.db.transaction(() => this.record(SYSTEM, 'badge flood', { sources })).immediate(), { warn: log });
    this.readers = new ReaderHub(
      // A read that cannot be decided or saved (database locked, disk full, no space set) must not take the reader down; one tried again after the kiosk closed is dropped.
      (read) => void retryWhileBusy(() => this.checkinRead(read)).catch((error: unknown) => this.db.open && this.tapNotSaved(read, error)),
      (status) => this.events.emit('readerStatus', status),
      options.readerFactory,
    );
  }

  /** What a kiosk on show does besides answering: its readers, the scheduled list sync, daily maintenance (serve, Electron). */
  async startRunning(): Promise<void> {
    answerWithoutBlocking(this.db);
    this.storage.start();
    const left = removeLeftovers(this.db.name, this.sync.read().listFile);
    if (left.files.length > 0) this.logger.info('leftovers', { removed: left.files, bytes: left.bytes });
    this.failInterruptedBadges();
    this.startSync();
    this.startMaintenance();
    await this.startReaders();
  }

  /**
   * A badge left "pending" by a kiosk that stopped or crashed mid-print would read "Printing…"
   * at the front desk for ever: the running kiosk, the one that prints, marks those not printed.
   * A print still running in another process records its own outcome over this.
   */
  private failInterruptedBadges(): void {
    const interrupted = this.visits.failPendingBadges();
    if (interrupted > 0) this.logger.warn('badge.interrupted', { badges: interrupted, message: `${interrupted} badge${interrupted === 1 ? ' was' : 's were'} still printing when the kiosk last stopped: marked not printed (reprint from Today)` });
  }

  /** Opens the readers of the `readers` setting. */
  async startReaders(): Promise<void> {
    const repeatSeconds = this.setting('reader.repeatSeconds');
    await this.readers.start(this.setting('readers').map((config) => ({ ...config, repeatSeconds: config.repeatSeconds ?? repeatSeconds })));
  }

  readerStatuses(): ReaderStatus[] {
    return this.readers.statuses();
  }

  /**
   * A reader's tap that could not be decided or saved: the visitor's screen is told to ask for
   * another tap, the front desk's screens and the log say why. Neither the badge's value nor a
   * name is said anywhere: nothing was saved, so there is nobody to name.
   */
  private tapNotSaved(read: CredentialRead, error: unknown): void {
    this.storage.noticed(error);
    const fault = storageFault(error);
    const refusal = notSaved('the check-in', error);
    const why = refusal instanceof KioskError ? refusal.message : 'the check-in was not saved: the kiosk hit an internal error';
    const event: TapNotSaved = { at: read.at, readerId: read.readerId, reason: fault === 'busy' || fault === 'full' ? fault : 'other', message: why, ...(fault !== 'busy' && fault !== 'full' && refusal instanceof KioskError && refusal.detail && { detail: refusal.detail }) };
    this.logger.warn('tapNotSaved', { readerId: read.readerId, credentialKind: read.kind, reason: event.reason, message: `reader ${read.readerId}: a tap (${read.kind}) could not be checked in: ${why}` });
    if (!(refusal instanceof KioskError)) this.logger.error('tapNotSaved.bug', { readerId: read.readerId, error: (error as Error)?.stack ?? String(error) });
    this.events.emit('tapNotSaved', event);
  }

  static open(file: string, options: ServiceOptions = {}): KioskService {
    // A database too damaged to open has no settings to read: the backups are looked for where they go by default.
    return new KioskService(openDatabase(file, { restore: restoreAdvice(file, backupFolder(file, undefined)) }), options);
  }

  /**
   * Closes the database (readers are detached first), at once unless badges are still printing,
   * whose outcomes it waits a few seconds for; resolves when the devices and the print spooler are closed too.
   */
  async close(): Promise<void> {
    this.stopSync();
    this.stopMaintenance();
    this.access.saveLocks();
    this.storage.stop();
    const stopping = this.readers.stop();
    const settling = this.badges.settle();
    if (settling) await settling;
    const printing = this.badges.close();
    this.flood.close();
    this.events.removeAllListeners();
    this.db.close();
    this.logger.close();
    await Promise.all([stopping, printing]);
  }

  /** The installed list (checked first for a newer one installed by another process). */
  private get list(): VisaList {
    return this.store.list;
  }

  kioskInfo(): KioskInfo {
    const id = this.setting('space.id');
    // A screen must load to say the list is damaged.
    const space = id ? this.storage.despiteDamage(() => this.list.space(id), null) : null;
    return {
      space: space && { id: space.id, name: space.name, city: space.city, country: space.country, timezone: space.timezone },
      language: this.setting('kiosk.language'),
      idleSeconds: this.setting('kiosk.idleSeconds'),
      dayPass: space?.dayPass ?? null,
      retentionDays: this.setting('privacy.retentionDays'),
      wedgeForm: this.setting('kiosk.wedgeForm'),
      storage: this.storage.problems(),
    };
  }

  /** A visitor pressed "Call staff": the front desk's screens hear it at once. */
  callStaff(input: MethodInput<'callStaff'>): StaffCall {
    const { credential, name } = parseInput(StaffCallInput, input);
    const call: StaffCall = { at: this.now().toISOString(), credential: credential ?? null, name: name ?? null };
    this.events.emit('staffCalled', call);
    return call;
  }

  /** The decision a tap gets. `at` and `dryRun` are for the local command line, never for remote clients. */
  checkin(input: MethodInput<'checkin'>, options: CheckinOptions = {}): CheckinResult {
    const { credential, kind, form } = parseInput(CheckinInput, input);
    return this.checkinCredentials(this.credentialForms(credential, kind, form), options);
  }

  /** The same path for a credential a reader has already made canonical. */
  checkinRead(read: CredentialRead): CheckinResult {
    return this.checkinCredentials([{ kind: read.kind, value: read.value, match: read.match }], { at: new Date(read.at), fromReader: true, source: `reader ${read.readerId}` });
  }

  private checkinCredentials(candidates: CanonicalCredential[], options: CheckinOptions): CheckinResult {
    const at = options.at ?? this.now();
    const ticket = options.fromReader === true || options.screen?.local === true;
    const decide = () => this.decide(this.identify(candidates), at, options.dryRun ?? false, ticket, options.source);
    this.store.refresh();
    // IMMEDIATE: the facts read and the visit written are one step, so two taps at once cannot both be "first today".
    if (options.dryRun) return decide();
    let saved: Saved;
    try {
      saved = this.db.transaction(() => this.withPendingBadge(decide())).immediate();
    } catch (error) {
      throw notSaved('the check-in', error);
    }
    const result = this.startBadge(saved);
    this.events.emit('checkin', broadcastOf(result, options.fromReader === true));
    return result;
  }

  private credentialForms(raw: string, given?: 'rfid' | 'barcode', form?: Parameters<typeof normaliseCredential>[2]): CanonicalCredential[] {
    // A form (decimal, reversed…) only ever describes an RFID UID.
    const kind = given ?? (form ? 'rfid' : undefined);
    if (kind) {
      const normalised = normaliseCredential(kind, raw, form);
      if (!normalised.ok) throw new KioskError(normalised.error, 'invalid');
      return [normalised.credential];
    }
    const candidates = credentialCandidates(raw);
    if (candidates.length === 0) throw new KioskError(normaliseCredential('barcode', raw).ok ? 'unreadable credential' : `"${raw.trim()}" is not a badge number or barcode`, 'invalid');
    return candidates;
  }

  private hostSpace(): SpaceRow {
    const id = this.setting('space.id');
    if (!id) throw new KioskError("this kiosk's space is not set: run `visa-kiosk config set space.id SPACE_ID`", 'refused', { detail: { what: 'space_not_set' } });
    const space = this.list.space(id);
    if (!space) throw new KioskError(`this kiosk's space "${id}" is not in the installed visa list`, 'refused', { detail: { what: 'space_not_in_list', space: id } });
    return space;
  }

  private identify(candidates: CanonicalCredential[]): Identity {
    const staff = this.staffBadges.holder(candidates);
    if (staff) return { credential: candidates[0]!, holder: { type: 'staff', staffId: staff.id }, member: null, home: null, staff };
    for (const credential of candidates) {
      const member = this.list.memberByCredential(credential.kind, credential.value, credential.match);
      if (member) {
        const home = this.list.space(member.spaceId);
        return { credential, holder: { type: 'member', member, homeSpace: home && terms(home) }, member, home, staff: null };
      }
    }
    return { credential: candidates[0]!, holder: { type: 'unknown' }, member: null, home: null, staff: null };
  }

  /** The member a front-desk person picked by hand, as if their badge had been read. */
  private identifyMember(memberId: string): Identity {
    const member = this.list.member(memberId);
    if (!member) throw new KioskError(`no member "${memberId}" in the visa list`, 'not_found');
    const home = this.list.space(member.spaceId);
    return { credential: { kind: 'manual', value: memberId }, holder: { type: 'member', member, homeSpace: home && terms(home) }, member, home, staff: null };
  }

  /** `ticket`: a staff badge here may open staff mode alone (the kiosk's own reader or screen). `source`: who tapped, for the badge-flood rule. */
  private decide(identity: Identity, at: Date, dryRun: boolean, ticket = false, source?: string): CheckinResult {
    const host = this.hostSpace();
    const { credential, holder, member, home, staff } = identity;
    const today = localDate(at, host.timezone);
    const month = monthOf(today);
    const notice = member ? this.expected.registeredAt(member.id, today) : null;
    const admittedToday = member ? this.visits.admittedOn(member.id, today) : null;
    const decision = decideCheckin({
      at,
      host: terms(host),
      holder,
      admittedToday,
      visaDaysUsedThisMonth: member ? this.visits.visaDays(member.id, month.first, month.last) : 0,
      noticeRegisteredAt: notice ? new Date(notice) : null,
    });
    const common = {
      credential: { kind: credential.kind, value: credential.value },
      at: at.toISOString(),
      localDate: today,
    };
    if (decision.decision === 'staff') {
      const signIn = dryRun || !ticket ? {} : { staffTicket: this.sessions.ticketFor(staff!) };
      return { decision: 'staff', kind: null, reason: null, repeat: false, member: null, staff, visitId: null, visaDaysUsed: null, visaDaysAllowed: null, ...common, dayPass: null, ...signIn };
    }
    const memberRef = member && { id: member.id, name: member.name, space: member.spaceId, spaceName: home?.name ?? null };
    let visitId = decision.repeat ? (admittedToday?.visitId ?? null) : null;
    if (!decision.repeat && !dryRun && (holder.type !== 'unknown' || source === undefined || this.flood.logUnknown(source))) {
      visitId = this.visits.log({
        at: common.at,
        localDate: today,
        kind: decision.kind,
        decision: decision.decision,
        reason: decision.reason,
        memberId: member?.id,
        memberName: member?.name,
        homeSpaceId: member?.spaceId,
        homeSpaceName: home?.name,
        credentialKind: credential.kind,
        credentialValue: credential.value,
      });
    }
    return {
      decision: decision.decision,
      kind: decision.kind,
      reason: decision.reason,
      repeat: decision.repeat,
      member: memberRef,
      staff: null,
      visitId,
      visaDaysUsed: decision.visaDaysUsed,
      visaDaysAllowed: decision.visaDaysAllowed,
      ...common,
      dayPass: decision.decision === 'denied' ? host.dayPass : null,
    };
  }

  sellDayPass(input: MethodInput<'sellDayPass'>, options: { at?: Date } = {}): DayPassResult {
    const { name, email, company, visiting, memberId } = parseInput(DayPassInput, input);
    const at = options.at ?? this.now();
    this.store.refresh();
    const sell = this.db.transaction(() => {
      const host = this.hostSpace();
      if (!host.dayPass) throw new KioskError(`${host.name} does not sell day passes (the visa list gives no price)`);
      const member = memberId ? this.list.member(memberId) : null;
      if (memberId && !member) throw new KioskError(`no member "${memberId}" in the visa list`, 'not_found');
      const stamp = at.toISOString();
      const today = localDate(at, host.timezone);
      const guestId = this.guests.add({ name, email: email || null, company: company || null, visiting: visiting || null, createdAt: stamp });
      const home = member ? this.list.space(member.spaceId) : null;
      const visitId = this.visits.log({
        at: stamp,
        localDate: today,
        kind: 'day_pass',
        decision: 'admitted',
        reason: 'day_pass',
        guestId,
        memberId: member?.id,
        memberName: member?.name,
        homeSpaceId: member?.spaceId,
        homeSpaceName: home?.name,
        price: host.dayPass.price,
        currency: host.dayPass.currency,
      });
      const sold: DayPassResult = { visitId, guestId, name, price: host.dayPass.price, currency: host.dayPass.currency, at: stamp, localDate: today };
      return { pass: sold, badge: this.markPending({ name, kind: 'day_pass', homeSpace: home?.name ?? null, hostSpace: host.name, validOn: today, visitId }) };
    });
    let sale: ReturnType<typeof sell>;
    try {
      sale = sell.immediate();
    } catch (error) {
      throw notSaved('the day pass', error);
    }
    const { pass, badge } = sale;
    this.logger.info('daypass', { visitId: pass.visitId, guestId: pass.guestId, price: pass.price, currency: pass.currency });
    if (!badge) return pass;
    this.badges.start(badge.badge, badge.settings);
    return { ...pass, badge: 'pending' };
  }

  // ---- Exports ------------------------------------------------------------------------------

  /**
   * A one-time download for a manager's export, valid five minutes: the browser fetches it from
   * the kiosk's web server, the Electron app saves it through a dialog. Who exported what is audited.
   */
  prepareExport(input: MethodInput<'prepareExport'>, actor: Actor): { url: string; fileName: string } {
    const job = parseInput(ExportInput, input);
    const ticket = this.exportTickets.issue(job);
    this.db.transaction(() => this.record(actor, 'export', job)).immediate();
    const fileName = `${job.report === 'spaces' ? 'space-report' : 'visits'}-${job.from}-to-${job.to}.${job.format === 'csv' ? 'csv' : 'jsonl'}`;
    return { url: exportPath(ticket, fileName), fileName };
  }

  /** The export a ticket stands for, once. */
  takeExport(ticket: string): ExportJob | null {
    return this.exportTickets.take(ticket);
  }

  /** Writes an export to a file (mode 0600) from a connection of its own, in the export worker when built. */
  exportToFile(job: ExportJob, file: string, options: ToFileOptions = {}): Promise<{ rows: number }> {
    return this.exportRunner.toFile(job, file, options);
  }

  // ---- Badges -------------------------------------------------------------------------------

  private printerSettings(): PrinterSettings | null {
    const name = this.setting('printer.name');
    if (!name) return null;
    return { name, format: this.setting('printer.format'), label: this.setting('printer.label'), timeoutSeconds: this.setting('printer.timeoutSeconds'), dpi: this.setting('printer.dpi') };
  }

  /**
   * Inside the transaction that logs a visit: the badge it gets, if a printer is set, marked
   * pending in the same commit (one fsync for the visit and its badge status).
   */
  private markPending(badge: Badge & { visitId: number }): PendingBadge | null {
    const settings = this.printerSettings();
    if (!settings) return null;
    this.visits.setBadgeStatus(badge.visitId, 'pending');
    return { badge, settings };
  }

  /** Visitors (visa, day pass, guest) get a badge once their visit is logged; members have their own. */
  private withPendingBadge(result: CheckinResult): Saved {
    if (result.decision !== 'admitted' || result.repeat || result.visitId === null || result.kind === 'member' || result.kind === null) return { result, badge: null };
    const badge = { name: result.member?.name ?? '', kind: result.kind, homeSpace: result.member?.spaceName ?? null, hostSpace: this.hostSpace().name, validOn: result.localDate, visitId: result.visitId };
    return { result, badge: this.markPending(badge) };
  }

  /** After the commit: prints the badge marked pending, if any. */
  private startBadge({ result, badge }: Saved): CheckinResult {
    if (!badge) return result;
    this.badges.start(badge.badge, badge.settings);
    return { ...result, badge: 'pending' };
  }

  async printerStatus(): Promise<PrinterStatus> {
    const settings = this.printerSettings();
    if (!settings) return { configured: null, queue: null, detail: 'no badge printer is set (printer.name): visits are logged without badges' };
    const configured = { name: settings.name, format: settings.format, label: settings.label };
    const queues = await this.badges.queues().catch((error: Error) => error);
    if (queues instanceof Error) return { configured, queue: null, detail: queues.message };
    const queue = findQueue(queues, settings.name);
    const detail = !queue
      ? missingQueueMessage(settings.name, queues)
      : queue.state === 'stopped' || !queue.acceptingJobs
        ? `${queue.name} is stopped${queue.message ? `: ${queue.message}` : ''}`
        : `${queue.name} is ready`;
    return { configured, queue, detail };
  }

  /** A sample badge on the configured printer, waiting for the outcome. */
  async testPrint(): Promise<PrintOutcome> {
    const settings = this.printerSettings();
    if (!settings) throw new KioskError('no badge printer is set: run `visa-kiosk config set printer.name QUEUE`', 'invalid', { detail: { what: 'no_printer' } });
    const host = this.hostSpace();
    return this.badges.print({ name: 'Test Badge', kind: 'guest', homeSpace: null, hostSpace: host.name, validOn: localDate(this.now(), host.timezone), visitId: null }, settings);
  }

  /** Prints a visit's badge again (after a jam, or a stopped queue now running), waiting for the outcome. */
  async reprintBadge(input: MethodInput<'reprintBadge'>, actor: Actor = LOCAL): Promise<PrintOutcome> {
    const { visitId } = parseInput(VisitIdInput, input);
    const settings = this.printerSettings();
    if (!settings) throw new KioskError('no badge printer is set: run `visa-kiosk config set printer.name QUEUE`', 'invalid', { detail: { what: 'no_printer' } });
    const visit = this.visits.view(visitId);
    if (!visit) throw new KioskError(`there is no visit #${visitId}`, 'not_found');
    if (visit.decision !== 'admitted' || visit.voidedAt) throw new KioskError(`visit #${visitId} was not admitted, or was voided: no badge`, 'invalid');
    this.record(actor, 'reprint badge', { visit: visitId });
    const kind = (visit.kind ?? 'guest') as VisitKind;
    return this.badges.print({ name: visit.name ?? '', kind, homeSpace: visit.homeSpace, hostSpace: this.hostSpace().name, validOn: visit.localDate, visitId }, settings);
  }

  expectVisit(input: MethodInput<'expectVisit'>, actor: Actor = LOCAL): { memberId: string; date: string } {
    const { memberId, date } = parseInput(ExpectInput, input);
    if (!isCalendarDate(date)) throw new KioskError(`${date} is not a calendar date`, 'invalid');
    const host = this.hostSpace();
    const member = this.list.member(memberId);
    if (!member) throw new KioskError(`no member "${memberId}" in the visa list`, 'not_found');
    const now = this.now();
    if (date < localDate(now, host.timezone)) throw new KioskError(`${date} is in the past at ${host.name}`, 'invalid', { detail: { what: 'date_past' } });
    this.db.transaction(() => {
      this.expected.register(memberId, date, now.toISOString());
      this.record(actor, 'expect visit', { member: memberId, date });
    }).immediate();
    return { memberId, date };
  }

  listStatus(): ListStatus {
    const state = this.sync.read();
    const info = this.list.info();
    const freshness = listFreshness({ ...info, installedAt: state.installedAt, lastSyncAt: state.lastSyncAt }, this.now(), this.setting('visa.staleDays'));
    return { ...info, lastSyncAt: state.lastSyncAt, ...freshness, plainHttpFeed: isPlainHttp(this.setting('visa.feedUrl')), lastError: state.lastError, lastErrorDetail: state.lastErrorDetail };
  }

  /**
   * Installs a visa list: a bad, unsigned, tampered or older feed, or a CSV with a broken row,
   * changes nothing but the recorded last error. Inside a good feed, a bad record is skipped
   * and reported. `publicKeyPem` overrides the configured key (CLI only).
   */
  async importFeed(input: MethodInput<'importFeed'>, options: { publicKeyPem?: string; source?: string; actor?: Actor } = {}): Promise<ImportResult> {
    const { feed, signature } = parseInput(ImportInput, input);
    const bytes = typeof feed === 'string' ? new TextEncoder().encode(feed) : feed;
    return this.install(
      { format: 'feed', bytes, signature: signature ?? null, publicKeyPem: options.publicKeyPem ?? this.setting('visa.publicKey') ?? null, source: options.source ?? 'import' },
      options.actor ?? LOCAL,
    );
  }

  async importCsv(input: MethodInput<'importCsv'>, actor: Actor = LOCAL): Promise<ImportResult> {
    const { csv } = parseInput(CsvInput, input);
    return this.install({ format: 'csv', bytes: new TextEncoder().encode(csv), signature: null, publicKeyPem: null, source: 'csv upload' }, actor);
  }

  /** The command line's import: a .csv file is a member list, anything else a feed (with FILE.sig beside it if present). */
  async importFile(file: string, options: { signature?: string; publicKeyPem?: string } = {}): Promise<ImportResult> {
    if (file.toLowerCase().endsWith('.csv')) return this.install({ format: 'csv', path: file, signature: null, publicKeyPem: null, source: file }, LOCAL);
    return this.install(
      {
        format: 'feed',
        path: file,
        signature: options.signature ?? null,
        publicKeyPem: options.publicKeyPem ?? this.setting('visa.publicKey') ?? null,
        source: file,
      },
      LOCAL,
    );
  }

  /**
   * Fetches the feed (and its signature when a key is configured) and installs it if the
   * server has a new one. An unchanged list costs one conditional request.
   */
  async syncList(options: { url?: string; publicKeyPem?: string; actor?: Actor } = {}): Promise<SyncResult> {
    const url = options.url ?? this.setting('visa.feedUrl');
    if (!url) throw new KioskError('no feed URL: run `visa-kiosk config set visa.feedUrl URL`, or pass --url', 'invalid', { detail: { what: 'no_feed_url' } });
    const publicKeyPem = options.publicKeyPem ?? this.setting('visa.publicKey') ?? null;
    const state = this.sync.read();
    const sameUrl = state.etagUrl === url;
    let fetched: FetchResult;
    try {
      fetched = await fetchFeed(url, { ...this.fetchOptions, etag: sameUrl ? state.etag : null, lastModified: sameUrl ? state.lastModified : null, wantSignature: publicKeyPem !== null });
    } catch (error) {
      if (error instanceof KioskError) {
        this.sync.failed(error);
        this.events.emit('listChanged', this.listStatus());
      }
      throw error;
    }
    if (fetched.status === 'unchanged') {
      this.sync.unchanged(this.now().toISOString());
      const status = this.listStatus();
      this.events.emit('listChanged', status);
      return { ...status, url, changed: false, signed: state.signed, skipped: 0, problems: [] };
    }
    const imported = await this.install(
      {
        format: 'feed',
        bytes: fetched.bytes,
        signature: fetched.signature,
        publicKeyPem,
        source: url,
        validators: { url, etag: fetched.etag, lastModified: fetched.lastModified },
      },
      options.actor ?? SYSTEM,
    );
    return { ...imported, url, changed: true };
  }

  syncNow(actor: Actor): Promise<SyncResult> {
    return this.syncList({ actor });
  }

  /** Syncs now and then every `visa.syncMinutes`, while the kiosk runs; a failure is recorded and retried next time. */
  startSync(): void {
    this.stopSync();
    if (!this.setting('visa.feedUrl')) return;
    const run = () => {
      this.syncList().catch((error: Error) => this.log(`visa list sync: ${error.message}`));
    };
    run();
    this.syncTimer = setInterval(run, this.setting('visa.syncMinutes') * 60_000);
    this.syncTimer.unref();
  }

  private stopSync(): void {
    if (this.syncTimer) clearInterval(this.syncTimer);
    this.syncTimer = null;
  }

  // ---- Maintenance (service/backup): daily backups and guest retention while the kiosk runs ----

  /** A backup now: into the backup folder (pruned to `backup.keep`), or to `out`. */
  backup(options: { out?: string } = {}): Promise<MadeBackup> {
    return this.backups.make(options.out);
  }

  /**
   * Every hour, while the kiosk runs: erases expired guests' details and, when the newest backup
   * is a day old, makes one. The first look is a minute after start, clear of the start-up work.
   */
  startMaintenance(options: { firstRunMs?: number } = {}): void {
    this.stopMaintenance();
    this.stopMaintenanceTimer = every(MAINTENANCE_MS, options.firstRunMs ?? 60_000, async () => {
      try {
        const erased = await retryWhileBusy(() => this.purgeExpiredGuests());
        if (erased > 0) this.logger.info('retention', { guestsErased: erased });
        if (!this.backups.due()) return;
        const made = await this.backups.make();
        this.logger.info('backup', { file: made.file, listFile: made.listFile, bytes: made.bytes, removed: made.removed });
      } catch (error) {
        if (this.db.open) this.logger.warn('maintenance', { message: `maintenance: ${(error as Error).message}` });
      }
    });
  }

  stopMaintenance(): void {
    this.stopMaintenanceTimer?.();
    this.stopMaintenanceTimer = null;
  }
  // ---- end of maintenance

  private async install(request: Omit<BuildRequest, 'ownSpace'>, actor: Actor): Promise<ImportResult> {
    const outcome = await this.store.install({ ...request, ownSpace: this.setting('space.id') ?? null });
    this.record(actor, 'install visa list', { source: request.source, format: request.format, sequence: outcome.sequence, members: outcome.members, skipped: outcome.skipped, signed: outcome.signed });
    const status = this.listStatus();
    this.events.emit('listChanged', status);
    return { ...status, signed: outcome.signed, skipped: outcome.skipped, problems: outcome.problems };
  }

  private setting<K extends SettingKey>(key: K): SettingValue<K> {
    const stored = this.settings.get(key);
    const spec = SETTINGS[key] as { default?: unknown };
    return (stored === undefined ? spec.default : stored) as SettingValue<K>;
  }

  getSetting(input: { key: string }): unknown {
    if (!isSettingKey(input.key)) throw unknownSetting(input.key);
    return this.setting(input.key) ?? null;
  }

  setSetting(input: { key: string; value: unknown }, actor: Actor = LOCAL): unknown {
    const { key } = input;
    if (!isSettingKey(key)) throw unknownSetting(key);
    const parsed = SETTINGS[key].schema.safeParse(input.value);
    if (!parsed.success) throw settingRefused(key, parsed.error.issues[0]!);
    const value = parsed.data;
    if (key === 'space.id' && this.list.info().spaces > 0 && !this.list.space(value as string)) {
      throw new KioskError(`space "${value as string}" is not in the installed visa list`, 'invalid', { detail: { what: 'space_not_in_list', space: value as string } });
    }
    // Checked now, not at the next sync: a key that cannot verify anything would refuse every feed.
    if (key === 'visa.publicKey') parsePublicKey(value as string, 'visa.publicKey');
    this.db.transaction(() => {
      const before = effectiveSetting(key, this.settings.get(key));
      this.settings.set(key, value);
      // A key's value is recorded, never a secret: PEM keys are public, and PINs are not settings.
      this.record(actor, 'setting', { key, before, after: value });
    }).immediate();
    return value;
  }

  /** Back to the default (for printer.name: no badges); returns the value the setting now has. */
  unsetSetting(input: { key: string }, actor: Actor = LOCAL): unknown {
    const { key } = input;
    if (!isSettingKey(key)) throw unknownSetting(key);
    const after = effectiveSetting(key, undefined);
    this.db.transaction(() => {
      const stored = this.settings.get(key);
      if (stored === undefined) return;
      this.settings.remove(key);
      this.record(actor, 'setting', { key, before: stored, after });
    }).immediate();
    return after;
  }

  listSettings(): Record<string, unknown> {
    return Object.fromEntries(SETTING_KEYS.map((key) => [key, this.setting(key) ?? null]));
  }

  // ---- Staff sessions -------------------------------------------------------------------

  /**
   * Opens a staff session with an account's PIN or a staff badge's ticket; the transport keeps the
   * token for its connection. A wrong PIN is answered, not thrown: the screen says how many tries are left.
   */
  signIn(input: MethodInput<'signIn'>, screen: Screen = UNNAMED_SCREEN): SignInReply & { token?: string } {
    const parsed = parseInput(SignInInput, input);
    const how = 'pin' in parsed ? 'PIN' : 'badge';
    const check = 'pin' in parsed ? this.access.signIn(parsed.staffId, parsed.pin, screen) : null;
    // Tickets are only ever given to the kiosk's own screens: one redeemed elsewhere was taken from them.
    const ticket = 'ticket' in parsed && screen.local ? this.sessions.redeem(parsed.ticket) : null;
    const staff = check ? (check.ok ? check.staff : null) : ticket;
    this.logger.info(staff ? 'staff.signIn' : 'staff.signInRefused', { with: how, staffId: staff?.id ?? ('staffId' in parsed ? parsed.staffId : null), screen: screen.id });
    if (check && !check.ok) return { refusal: check.refusal, message: check.message };
    if (!staff && !screen.local) throw new KioskError('a staff badge signs in alone only at the kiosk itself: choose your name and type your PIN', 'forbidden');
    if (!staff) throw new KioskError('the staff badge was read too long ago: tap it again', 'forbidden');
    this.db.transaction(() => this.record({ staffId: staff.id, name: staff.name, role: staff.role }, 'sign in', { with: how, screen: screen.id })).immediate();
    return { token: this.sessions.open(staff), staff, idleSeconds: STAFF_IDLE_SECONDS };
  }

  /** The sign-in screen's list: active accounts' names and ids, nothing more. */
  staffNames(): StaffName[] {
    return this.staff.names();
  }

  signOut(token: string | null): { signedOut: true } {
    this.sessions.close(token);
    return { signedOut: true };
  }

  /** Who holds a session token, or 'locked' when it sat idle too long. */
  sessionActor(token: string | null): Actor | 'locked' | null {
    return this.sessions.actor(token);
  }

  private record(actor: Actor, action: string, detail: unknown): void {
    this.audit.append(this.now().toISOString(), actor.staffId === null ? actor.name : `${actor.name} (#${actor.staffId})`, action, detail);
  }

  // ---- The front desk ---------------------------------------------------------------------

  todaysVisits(input: MethodInput<'todaysVisits'>): VisitView[] {
    const { date } = parseInput(TodayInput, input);
    return this.visits.onDate(date ?? localDate(this.now(), this.hostSpace().timezone));
  }

  /** Turns a denial into an admitted visit: a new visit naming the denial, the staff member and why. */
  overrideVisit(input: MethodInput<'overrideVisit'>, actor: Actor): CheckinResult {
    const { visitId, reason, guestName } = parseInput(OverrideInput, input);
    this.store.refresh();
    const result = this.db.transaction(() => {
      const denied = this.visits.view(visitId);
      if (!denied) throw new KioskError(`there is no visit #${visitId}`, 'not_found');
      if (denied.decision !== 'denied') throw new KioskError(`visit #${visitId} was not denied: there is nothing to override`, 'invalid');
      if (denied.voidedAt) throw new KioskError(`visit #${visitId} was voided`, 'invalid');
      if (denied.overriddenAs !== null) throw new KioskError(`visit #${visitId} was already overridden as visit #${denied.overriddenAs}`, 'invalid');
      // An override admits the visitor standing at the desk now: a denial of another day would become a visa day today.
      const today = localDate(this.now(), this.hostSpace().timezone);
      if (denied.localDate !== today) throw new KioskError(`visit #${visitId} was denied on ${denied.localDate}: only today's denials can be overridden (check the visitor in by hand instead)`, 'invalid');
      if (denied.reason === 'unknown_credential' && !guestName) throw new KioskError('guestName: an unknown badge is admitted as a guest: say who the visitor is', 'invalid');
      const result = this.admitOverride(visitId, reason, actor, denied.reason === 'unknown_credential' ? guestName : undefined);
      this.record(actor, 'override', { visit: visitId, admittedAs: result.visitId, reason, before: { decision: 'denied', reason: denied.reason } });
      return this.withPendingBadge(result);
    }).immediate();
    const printed = this.startBadge(result);
    this.events.emit('checkin', printed);
    return printed;
  }

  private admitOverride(deniedId: number, reason: string, actor: Actor, guestName?: string): CheckinResult {
    const row = this.visits.row(deniedId) as { kind: VisitKind | null; reason: ReasonCode; member_id: string | null; member_name: string | null; home_space_id: string | null; home_space_name: string | null; credential_kind: string | null; credential_value: string | null };
    const host = this.hostSpace();
    const at = this.now();
    const today = localDate(at, host.timezone);
    const already = row.member_id ? this.visits.admittedOn(row.member_id, today) : null;
    if (already) throw new KioskError(`this member is already checked in today (visit #${already.visitId})`, 'invalid', { detail: { what: 'already_checked_in' } });
    const kind: VisitKind = row.kind ?? 'guest';
    const guestId = guestName ? this.guests.add({ name: guestName, email: null, company: null, visiting: null, createdAt: at.toISOString() }) : null;
    const visitId = this.visits.log({
      at: at.toISOString(),
      localDate: today,
      kind,
      decision: 'admitted',
      reason: row.reason,
      memberId: row.member_id,
      memberName: row.member_name,
      guestId,
      homeSpaceId: row.home_space_id,
      homeSpaceName: row.home_space_name,
      credentialKind: row.credential_kind,
      credentialValue: row.credential_value,
      overrideStaffId: actor.staffId,
      overrideReason: reason,
      overrides: deniedId,
    });
    const month = monthOf(today);
    const visaDays = row.member_id && kind === 'visa' ? this.visits.visaDays(row.member_id, month.first, month.last) : null;
    const result: CheckinResult = {
      decision: 'admitted',
      kind,
      reason: row.reason,
      repeat: false,
      member: row.member_id ? { id: row.member_id, name: row.member_name ?? '', space: row.home_space_id ?? '', spaceName: row.home_space_name } : null,
      staff: null,
      credential: { kind: (row.credential_kind ?? 'manual') as CheckinResult['credential']['kind'], value: row.credential_value ?? '' },
      visitId,
      visaDaysUsed: visaDays,
      visaDaysAllowed: visaDays === null ? null : host.visa.freeDaysPerMonth,
      at: at.toISOString(),
      localDate: today,
      dayPass: null,
    };
    return result;
  }

  /** Voids a mistaken visit: it stays in the log, marked, and stops counting. */
  voidVisit(input: MethodInput<'voidVisit'>, actor: Actor): VisitView {
    const { visitId, reason } = parseInput(VisitActionInput, input);
    return this.db.transaction(() => {
      const before = this.visits.view(visitId);
      if (!before) throw new KioskError(`there is no visit #${visitId}`, 'not_found');
      if (before.voidedAt) throw new KioskError(`visit #${visitId} was voided already`, 'invalid');
      this.visits.void(visitId, this.now().toISOString(), actor.staffId, reason);
      this.record(actor, 'void', { visit: visitId, reason, before: { decision: before.decision, kind: before.kind } });
      return this.visits.view(visitId)!;
    }).immediate();
  }

  searchMembers(input: MethodInput<'searchMembers'>): MemberMatch[] {
    const { query } = parseInput(SearchInput, input);
    return searchMembers(this.list, query, localDate(this.now(), this.hostSpace().timezone), 20);
  }

  /** A member checked in by hand (no badge with them); a denial may be overridden in the same step. */
  checkinMember(input: MethodInput<'checkinMember'>, actor: Actor): CheckinResult {
    const { memberId, overrideReason } = parseInput(ManualCheckinInput, input);
    this.store.refresh();
    const result = this.db.transaction(() => {
      // "Admit anyway" after a denial shown moments ago overrides that denial rather than logging a second one.
      const open = overrideReason ? this.visits.openDenialOn(memberId, localDate(this.now(), this.hostSpace().timezone)) : null;
      const decided = open === null ? this.decide(this.identifyMember(memberId), this.now(), false) : null;
      if (decided) this.record(actor, 'manual check-in', { member: memberId, decision: decided.decision, reason: decided.reason, visit: decided.visitId });
      if (decided && (decided.decision !== 'denied' || !overrideReason)) return this.withPendingBadge(decided);
      const deniedId = open ?? decided!.visitId!;
      const admitted = this.admitOverride(deniedId, overrideReason!, actor);
      this.record(actor, 'override', { visit: deniedId, admittedAs: admitted.visitId, reason: overrideReason, before: { decision: 'denied', reason: admitted.reason } });
      return this.withPendingBadge(admitted);
    }).immediate();
    const printed = this.startBadge(result);
    this.events.emit('checkin', printed);
    return printed;
  }

  auditLog(input: MethodInput<'auditLog'>): { entries: AuditView[]; intact: boolean; problem: string | null } {
    const { limit } = parseInput(AuditInput, input);
    const check = this.audit.verify();
    return { entries: this.audit.recent(limit), intact: check.ok, problem: check.ok ? null : check.problem };
  }

  /** "Erase this person": every guest record with this email loses its name and email; counts stay. */
  erasePerson(input: MethodInput<'erasePerson'>, actor: Actor): { erased: number } {
    const { email } = parseInput(EraseInput, input);
    return this.db.transaction(() => {
      const erased = this.guests.eraseByEmail(email, this.now().toISOString());
      // The email itself is not written to the trail: a hash says which request this was.
      this.record(actor, 'erase person', { emailSha256: crypto.createHash('sha256').update(email.toLowerCase()).digest('hex'), guests: erased });
      return { erased };
    }).immediate();
  }

  /** Guests recorded more than `privacy.retentionDays` ago lose their names and emails. */
  purgeExpiredGuests(): number {
    const now = this.now();
    const cutoff = new Date(now.getTime() - this.setting('privacy.retentionDays') * 86_400_000).toISOString();
    return this.db.transaction(() => {
      const erased = this.guests.eraseOlderThan(cutoff, now.toISOString());
      if (erased > 0) this.record(SYSTEM, 'retention', { guestsErased: erased, before: cutoff });
      return erased;
    }).immediate();
  }

  listStaff(): (StaffMember & { hasBadge: boolean })[] {
    return this.staff.list().map(({ id, name, role, hasBadge }) => ({ id, name, role, hasBadge: hasBadge === 1 }));
  }

  disableStaff(input: MethodInput<'disableStaff'>, actor: Actor): StaffMember {
    const { id } = parseInput(StaffIdInput, input);
    return this.db.transaction(() => {
      const member = this.staff.list().find((s) => s.id === id);
      if (!member || !this.staff.disable(id, this.now().toISOString())) throw new KioskError(`there is no active staff account #${id}`, 'not_found');
      this.record(actor, 'disable staff', { staff: id, name: member.name });
      return { id, name: member.name, role: member.role };
    }).immediate();
  }

  /** True for an active manager's PIN, to leave kiosk mode; wrong PINs make this screen wait, and throws while it must. */
  verifyManagerPin(pin: string, screen: Screen = KIOSK_WINDOW): boolean {
    return this.access.verifyManager(pin, screen);
  }

  addStaff(input: MethodInput<'addStaff'>, actor: Actor = LOCAL): StaffMember {
    const { name, role, pin, badge } = parseInput(StaffInput, input);
    // PINs need not differ between accounts: a person picks their name first, so no answer here may say whose a PIN is.
    const candidates = badge === undefined ? null : this.credentialForms(badge);
    const credential = candidates && candidates[0]!;
    const keys = candidates ? this.staffBadges.keysOf(credential!.value) : [];
    if (this.staffBadges.taken(keys)) throw new KioskError(`the badge ${credential!.value} already belongs to another staff member`, 'invalid', { detail: { what: 'badge_taken' } });
    // A member's badge as a staff badge would open staff mode at their every tap, never checking them in.
    const member = candidates && this.identify(candidates).member;
    if (member) throw new KioskError(`the badge ${credential!.value} is ${member.name}'s member badge: give staff a card of their own`, 'invalid', { detail: { what: 'badge_is_member', name: member.name } });
    const pinHash = hashPin(pin);
    return this.db.transaction(() => {
      const id = this.staff.add(name, role, pinHash, this.now().toISOString());
      this.staff.addBadgeKeys(id, keys);
      this.record(actor, 'add staff', { staff: id, name, role, badge: keys.length > 0 });
      return { id, name, role };
    }).immediate();
  }
}

/** The kiosk itself, for what it does on its own schedule (retention). */
const SYSTEM: Actor = { staffId: null, name: 'the kiosk', role: 'manager' };

/** The Electron app's own window: a screen of the kiosk's machine. */
export const KIOSK_WINDOW: Screen = { id: 'the kiosk window', local: true };

/** A screen nobody has signed in at, as the audit trail names it. */
function screenActor(screen: Screen): Actor {
  return { staffId: null, name: screen.id, role: 'kiosk' };
}

/** Whoever runs the command line on the kiosk's machine: they hold the database file itself. */
export const LOCAL: Actor = { staffId: null, name: 'command line', role: 'manager' };

function terms(space: SpaceRow): SpaceTerms {
  return { id: space.id, timezone: space.timezone, visa: space.visa };
}

function unknownSetting(key: string): KioskError {
  return new KioskError(`unknown setting "${key}"; the settings are: ${SETTING_KEYS.join(', ')}`, 'invalid');
}

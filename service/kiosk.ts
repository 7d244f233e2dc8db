import { EventEmitter } from 'node:events';
import type { ReaderStatus } from '../core/readers.js';
import { answerWithoutBlocking } from '../db/busy-retry.js';
import { CheckpointScheduler, copyLog, KIOSK_CHECKPOINTS, type CheckpointPolicy } from '../db/checkpoints.js';
import { CheckpointThread } from './checkpoint-thread.js';
import { openDatabase, type Db } from '../db/open.js';
import { claimRunning, KIOSK, type RunningClaim } from '../db/running-claim.js';
import { allianceState } from '../db/alliance-state.js';
import { AllianceService } from './alliance/alliance-service.js';
import { PassIdentities } from './kiosk/pass-identity.js';
import { syncState } from '../db/sync-state.js';
import { writeTx } from '../db/write-tx.js';
import { BadgeQueue, lazyPrinter } from './badge-printing.js';
import { Backups } from './backup/backups.js';
import { backupFolder, restoreAdvice } from './backup/names.js';
import { FloodGuard } from './flood-guard.js';
import { recorder, SYSTEM } from './kiosk/audit.js';
import { BadgeService } from './kiosk/badges.js';
import { Desk } from './kiosk/desk.js';
import { DeskOutbox } from './kiosk/desk-outbox.js';
import type { KioskEvents } from './kiosk/events.js';
import { ExportService } from './kiosk/exports.js';
import { MaintenanceService } from './kiosk/maintenance.js';
import { CHECK_OUT_TICKET_MS, PresenceService } from './kiosk/presence.js';
import { SettingsService } from './kiosk/settings.js';
import { StaffService } from './kiosk/staff.js';
import { VisaListService } from './kiosk/visa-list.js';
import { removeLeftovers } from './leftovers.js';
import { OneTimeTickets } from './one-time-tickets.js';
import { ListStore } from './visa-list/list-store.js';
import { createLogger, logFileBeside, type Logger } from './logging/logger.js';
import { ReaderHub } from './reader-hub.js';
import { StorageHealth } from './storage-health.js';
import type { KioskOptions } from './kiosk-options.js';

export type { KioskOptions } from './kiosk-options.js';

/**
 * The composition root: opens the database, builds the domain services (service/kiosk/) and the
 * drivers (readers, badge queue, logger, backups) and wires them. Transports (CLI, IPC, WebSocket)
 * reach a domain service (`kiosk.desk.checkin(…)`); every rule is applied there.
 */
export class Kiosk {
  readonly events: KioskEvents = new EventEmitter();
  private checkpoints: CheckpointScheduler | null = null;
  private checkpointThread: CheckpointThread | null = null;
  private running: RunningClaim | null = null;
  private readonly checkpointWorker: string | undefined;
  private readonly checkpointPolicy: CheckpointPolicy;
  /** The kiosk's own files: deleted or replaced under it, or damaged. */
  readonly storage: StorageHealth;
  readonly flood: FloodGuard;
  readonly settings: SettingsService;
  readonly visaList: VisaListService;
  readonly alliance: AllianceService;
  readonly staff: StaffService;
  readonly badges: BadgeService;
  readonly desk: Desk;
  readonly outbox: DeskOutbox;
  readonly presence: PresenceService;
  readonly exports: ExportService;
  readonly maintenance: MaintenanceService;
  private readonly readers: ReaderHub;
  private readonly queue: BadgeQueue;
  private readonly logger: Logger;

  constructor(
    readonly db: Db,
    options: KioskOptions = {},
  ) {
    const now = options.now ?? (() => new Date());
    this.checkpointWorker = options.checkpointWorker;
    this.checkpointPolicy = options.checkpoints ?? KIOSK_CHECKPOINTS;
    const monotonic = options.monotonic ?? (() => performance.now());
    const record = recorder(db, now);
    const sync = syncState(db);
    // Logging (service/logging): JSON lines beside the database, redacted; warnings still reach options.log.
    const logger = createLogger({ file: logFileBeside(db.name), ...(options.log && { echo: options.log }) });
    this.logger = logger;
    const log = (line: string) => logger.warn('kiosk', { message: line });
    this.events.on('checkin', (result) =>
      logger.info('checkin', {
        decision: result.decision,
        kind: result.kind,
        reason: result.reason,
        repeat: result.repeat,
        visitId: result.visitId,
        member: result.member,
        credentialKind: result.credential.kind,
      }),
    );
    const store = new ListStore(db, sync, { workerFile: options.listWorker, now });
    this.settings = new SettingsService(db, store, record);
    const settings = this.settings;
    const alliance = allianceState(db);
    this.visaList = new VisaListService({
      db,
      store,
      sync,
      settings,
      events: this.events,
      record,
      now,
      log,
      fetch: options.fetch,
      alliance,
      registry: options.registry,
    });
    this.alliance = new AllianceService({ db, table: alliance, visaList: this.visaList, record, now, client: options.registry });
    const backups = new Backups(db, () => ({ folder: settings.value('backup.folder'), keep: settings.value('backup.keep') }), now);
    this.storage = new StorageHealth(db, {
      now,
      logger,
      emit: (problems) => this.events.emit('storage', problems),
      backupFolder: () => backups.folder,
      // A joined kiosk fetches a damaged list again from its registry.
      feedUrl: () => alliance.read()?.registryUrl ?? settings.value('visa.feedUrl'),
      sync: () => this.visaList.sync(),
      ...(options.storageCheckWorker && { checkWorker: options.storageCheckWorker }),
    });
    this.events.on('listChanged', () => this.storage.listReplaced());
    this.queue = new BadgeQueue(
      options.printer ?? lazyPrinter(options.spooler),
      (visitId, status, reason) => this.badges.setStatus(visitId, status, reason),
      (status) => this.events.emit('badgeStatus', status),
      log,
    );
    this.outbox = new DeskOutbox({ db, events: this.events, settings, visaList: this.visaList, record, now, logger, timing: options.outbox });
    this.badges = new BadgeService({ db, queue: this.queue, settings, visaList: this.visaList, record, now, logger, outbox: this.outbox });
    this.staff = new StaffService({ db, visaList: this.visaList, record, now, monotonic, logger });
    this.flood = new FloodGuard((sources) => writeTx(db, 'the badge-flood record', () => record(SYSTEM, 'badge flood', { sources })), { warn: log });
    const checkOutTickets = new OneTimeTickets<number>(CHECK_OUT_TICKET_MS, () => now().getTime());
    this.presence = new PresenceService({ db, events: this.events, visaList: this.visaList, record, now, checkOutTickets });
    this.desk = new Desk({
      db,
      events: this.events,
      storage: this.storage,
      settings,
      visaList: this.visaList,
      staff: this.staff,
      badges: this.badges,
      outbox: this.outbox,
      flood: this.flood,
      passes: new PassIdentities(db, alliance),
      record,
      now,
      logger,
      registryPublicUrl: () => {
        const joined = alliance.read();
        return joined && (joined.publicUrl ?? joined.registryUrl);
      },
      checkOutTickets,
    });
    this.exports = new ExportService({ db, record, now, workerFile: options.exportWorker, sliceWorkerFile: options.exportSliceWorker });
    this.maintenance = new MaintenanceService({ db, backups, settings, record, now, logger });
    this.readers = new ReaderHub(
      (read, screen) => this.desk.tap(read, screen),
      (status) => this.events.emit('readerStatus', status),
      options.readerFactory,
      logger,
    );
  }

  static open(file: string, options: KioskOptions = {}): Kiosk {
    // A database too damaged to open has no settings to read: the backups are looked for where they go by default.
    return new Kiosk(openDatabase(file, { restore: restoreAdvice(file, backupFolder(file, undefined)) }), options);
  }

  /**
   * Claims the database for this running kiosk, before anything that assumes it is the only one
   * (a badge left printing is marked interrupted, the desk's calls are delivered). Refused, with
   * who holds it, while another kiosk runs on it; commands that run and end need no claim.
   */
  claimRunning(): void {
    this.running ??= claimRunning(this.db.name, KIOSK);
  }

  /** What a kiosk on show does besides answering: its readers, the scheduled list sync, daily maintenance (serve, Electron). */
  async startRunning(): Promise<void> {
    this.claimRunning();
    answerWithoutBlocking(this.db);
    const checked = this.storage.start();
    const left = removeLeftovers(this.db.name, syncState(this.db).read().listFile);
    if (left.files.length > 0) this.logger.info('leftovers', { removed: left.files, bytes: left.bytes });
    this.badges.failInterrupted();
    this.outbox.start();
    // A list found damaged at start is fetched whole: the scheduled sync waits for that check.
    void checked.then(() => this.db.open && this.visaList.startSync());
    this.maintenance.start();
    await this.startReaders();
  }

  /** Opens the readers of the `readers` setting. */
  async startReaders(): Promise<void> {
    // A kiosk taking taps copies its write-ahead log into the database beside them (or between them), never inside one.
    if (!this.checkpoints) {
      const thread = this.checkpointWorker ? (this.checkpointThread = new CheckpointThread(this.checkpointWorker, this.db.name, this.checkpointPolicy)) : null;
      const db = this.db;
      const copy = thread ? (restart: boolean) => thread.copy(restart) ?? copyLog(db, restart) : undefined;
      const checkpoints = (this.checkpoints = new CheckpointScheduler(this.db, this.checkpointPolicy, copy));
      this.events.on('checkin', () => checkpoints.wrote());
    }
    const repeatSeconds = this.settings.value('reader.repeatSeconds');
    await this.readers.start(this.settings.value('readers').map((config) => ({ ...config, repeatSeconds: config.repeatSeconds ?? repeatSeconds })));
  }

  readerStatuses(): ReaderStatus[] {
    return this.readers.statuses();
  }

  /**
   * Closes the database (readers are detached first), at once unless badges are still printing,
   * whose outcomes it waits a few seconds for; resolves when the devices and the print spooler are closed too.
   */
  async close(): Promise<void> {
    this.visaList.stopSync();
    this.outbox.stop();
    this.maintenance.stop();
    this.staff.saveLocks();
    this.storage.stop();
    this.checkpoints?.stop();
    const stopping = this.readers.stop();
    const settling = this.queue.settle();
    if (settling) await settling;
    this.badges.failUnfinished(this.queue.unfinished());
    const printing = this.queue.close();
    this.flood.close();
    this.events.removeAllListeners();
    // The checkpoint thread's connection closes first: the last connection to close copies the log
    // and deletes it, and two closing at once from two threads can each find the other still open.
    await this.checkpointThread?.close();
    this.db.close();
    this.running?.release();
    this.logger.close();
    await Promise.all([stopping, printing]);
  }
}

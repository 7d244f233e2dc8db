import crypto from 'node:crypto';
import type { ValidInput } from '../../core/api.js';
import type { AuditView } from '../../core/api/records.js';
import { auditTrail } from '../../db/audit.js';
import { retryWhileBusy } from '../../db/busy-retry.js';
import { guests } from '../../db/guests.js';
import { outbox } from '../../db/outbox.js';
import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/write-tx.js';
import type { Backups, MadeBackup } from '../backup/backups.js';
import { every } from '../backup/schedule.js';
import type { Logger } from '../logging/logger.js';
import type { Actor } from '../sessions.js';
import { SYSTEM, type AuditRecord } from './audit.js';
import type { SettingsService } from './settings.js';

/** How often the running kiosk looks whether a backup is due and guests' details have expired. */
const MAINTENANCE_MS = 60 * 60_000;

export interface MaintenanceDeps {
  db: Db;
  backups: Backups;
  settings: SettingsService;
  record: AuditRecord;
  now: () => Date;
  logger: Logger;
}

/** Backups, guests' privacy (retention, erasure) and the audit trail's view (service/backup). */
export class MaintenanceService {
  private readonly guests;
  private readonly outbox;
  private readonly audit;
  private stopTimer: (() => void) | null = null;

  constructor(private readonly deps: MaintenanceDeps) {
    this.guests = guests(deps.db);
    this.outbox = outbox(deps.db);
    this.audit = auditTrail(deps.db);
  }

  /** A backup now: into the backup folder (pruned to `backup.keep`), or to `out`. */
  backup(options: { out?: string } = {}): Promise<MadeBackup> {
    return this.deps.backups.make(options.out);
  }

  /**
   * Every hour, while the kiosk runs: erases expired guests' details and, when the newest backup
   * is a day old, makes one. The first look is a minute after start, clear of the start-up work.
   */
  start(options: { firstRunMs?: number } = {}): void {
    this.stop();
    const { db, backups, logger } = this.deps;
    this.stopTimer = every(MAINTENANCE_MS, options.firstRunMs ?? 60_000, async () => {
      try {
        const erased = await retryWhileBusy(() => this.purgeExpiredGuests());
        if (erased > 0) logger.info('retention', { guestsErased: erased });
        if (!backups.due()) return;
        const made = await backups.make();
        logger.info('backup', { file: made.file, listFile: made.listFile, bytes: made.bytes, removed: made.removed });
      } catch (error) {
        if (db.open) logger.warn('maintenance', { message: `maintenance: ${(error as Error).message}` });
      }
    });
  }

  stop(): void {
    this.stopTimer?.();
    this.stopTimer = null;
  }

  /**
   * Guests recorded more than `privacy.retentionDays` ago lose their names and emails; the desk's
   * notices that old go too, once delivered and, for a call, dismissed.
   */
  purgeExpiredGuests(): number {
    const now = this.deps.now();
    const cutoff = new Date(now.getTime() - this.deps.settings.value('privacy.retentionDays') * 86_400_000).toISOString();
    return writeTx(this.deps.db, "erasing expired guests' details", () => {
      const erased = this.guests.eraseOlderThan(cutoff, now.toISOString());
      this.outbox.forget(cutoff);
      if (erased > 0) this.deps.record(SYSTEM, 'retention', { guestsErased: erased, before: cutoff });
      return erased;
    });
  }

  /** "Erase this person": every guest record with this email loses its name and email; counts stay. */
  erasePerson({ email }: ValidInput<'erasePerson'>, actor: Actor): { erased: number } {
    return writeTx(this.deps.db, 'the erasure', () => {
      const erased = this.guests.eraseByEmail(email, this.deps.now().toISOString());
      // The email itself is not written to the trail: a hash says which request this was.
      this.deps.record(actor, 'erase person', { emailSha256: crypto.createHash('sha256').update(email.toLowerCase()).digest('hex'), guests: erased });
      return { erased };
    });
  }

  auditLog({ limit }: ValidInput<'auditLog'>): { entries: AuditView[]; intact: boolean; problem: string | null } {
    const check = this.audit.verify();
    return { entries: this.audit.recent(limit), intact: check.ok, problem: check.ok ? null : check.problem };
  }
}

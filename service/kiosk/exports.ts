import type { ValidInput } from '../../core/api.js';
import { KioskError } from '../../core/errors.js';
import { exportPath } from '../../core/wire.js';
import type { Db } from '../../db/open.js';
import { homeSpaceNotFound } from '../../db/export-home-space.js';
import { writeTx } from '../../db/write-tx.js';
import type { ExportJob } from '../export/export-job.js';
import { ExportRunner, type ToFileOptions } from '../export/export-runner.js';
import { OneTimeTickets } from '../one-time-tickets.js';
import type { Actor } from '../sessions.js';
import type { AuditRecord } from './audit.js';

export interface ExportDeps {
  db: Db;
  record: AuditRecord;
  now: () => Date;
  /** The built export worker (dist/node/export-worker.js): a long export never holds up a tap. */
  workerFile?: string;
  /** The built slice thread of long exports (dist/node/export-slice-worker.js). */
  sliceWorkerFile?: string;
}

/** Managers' exports of the visit log and space report: one-time downloads, or files. */
export class ExportService {
  private readonly tickets: OneTimeTickets<ExportJob>;
  private readonly runner: ExportRunner;

  constructor(private readonly deps: ExportDeps) {
    this.tickets = new OneTimeTickets(5 * 60_000, () => deps.now().getTime());
    this.runner = new ExportRunner(deps.db.name, { workerFile: deps.workerFile, sliceWorkerFile: deps.sliceWorkerFile });
  }

  /**
   * A one-time download for a manager's export, valid five minutes: the browser fetches it from
   * the kiosk's web server, the Electron app saves it through a dialog. Who exported what is audited.
   */
  prepare(job: ValidInput<'prepareExport'>, actor: Actor): { url: string; fileName: string } {
    // A download with nothing in it would say nothing: the manager is told why instead.
    const missing = homeSpaceNotFound(this.deps.db, job);
    if (missing) throw new KioskError(missing, 'invalid');
    const ticket = this.tickets.issue(job);
    writeTx(this.deps.db, 'the export request', () => this.deps.record(actor, 'export', job));
    const fileName = `${job.report === 'spaces' ? 'space-report' : 'visits'}-${job.from}-to-${job.to}.${job.format === 'csv' ? 'csv' : 'jsonl'}`;
    return { url: exportPath(ticket, fileName), fileName };
  }

  /** The export a ticket stands for, without using the ticket. */
  peek(ticket: string): ExportJob | null {
    return this.tickets.peek(ticket);
  }

  /** The export a ticket stands for, once. */
  take(ticket: string): ExportJob | null {
    return this.tickets.take(ticket);
  }

  /** Writes an export to a file (mode 0600) from a connection of its own, in the export worker when built. */
  toFile(job: ExportJob, file: string, options: ToFileOptions = {}): Promise<{ rows: number }> {
    return this.runner.toFile(job, file, options);
  }
}

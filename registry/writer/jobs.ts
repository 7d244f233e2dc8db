import { KioskError, type ErrorDetail } from '../../core/errors.js';
import type { Db } from '../../db/open.js';
import { publishAndPrune, type PublishJob, type PublishOutcome } from '../publish/publish-job.js';
import type { Actor } from '../store/changes.js';
import { touchKiosk } from '../store/kiosks.js';
import { addMember, removeMember, replaceRoster, updateMember, type RosterResult } from '../store/members.js';
import { StoreRefusal } from '../store/refusal.js';
import { parseRosterRequest } from '../store/roster-input.js';
import { saveNonces, type NonceRow } from '../store/nonces.js';
import { setTerms } from '../store/terms.js';

/** The registry's connection that writes, and what a publication reads from. */
export interface WriterContext {
  db: Db;
  /** DIR/pub. */
  folder: string;
  /** A read-only connection of its own, for a publication's one snapshot. */
  reader: () => Db;
}

interface Write {
  space: string;
  actor: Actor;
}

/**
 * Every write a running registry makes on behalf of a request, and its publications: run one at
 * a time on the writer (registry/writer/writer.ts), in a thread of their own when the build has
 * one, so a 10,000-member roster or a million-member feed never holds up a kiosk's poll.
 */
export const WRITER_JOBS = {
  replaceRoster: (c: WriterContext, w: Write & { body: Uint8Array }): RosterResult & { dryRun: boolean } => {
    const { members, dryRun } = parseRosterRequest(w.body);
    return { ...replaceRoster(c.db, { space: w.space, actor: w.actor, members, dryRun }), dryRun };
  },
  addMember: (c: WriterContext, w: Write & { member: unknown }) => addMember(c.db, w),
  updateMember: (c: WriterContext, w: Write & { id: string; patch: unknown }) => updateMember(c.db, w),
  removeMember: (c: WriterContext, w: Write & { id: string }) => removeMember(c.db, w),
  setTerms: (c: WriterContext, w: Write & { terms: unknown }) => setTerms(c.db, w),
  saveNonces: (c: WriterContext, input: { rows: NonceRow[]; nowSeconds: number }) => saveNonces(c.db, input.rows, input.nowSeconds),
  touchKiosk: (c: WriterContext, input: { id: string; at: Date }) => touchKiosk(c.db, input.id, input.at),
  publish: (c: WriterContext, job: PublishJob): Promise<PublishOutcome> => publishAndPrune(c.db, c.reader(), c.folder, job),
};

export type WriterJobs = typeof WRITER_JOBS;
export type JobName = keyof WriterJobs;
export type JobInput<K extends JobName> = Parameters<WriterJobs[K]>[1];
export type JobOutput<K extends JobName> = Awaited<ReturnType<WriterJobs[K]>>;

export interface JobRequest {
  id: number;
  job: JobName | 'close';
  input?: unknown;
}

export type JobReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string; code: KioskError['code'] | null; detail?: ErrorDetail; reason?: string };

/** Runs one job; its outcome, or why it failed, as a message that can cross threads. */
export async function runJob(context: WriterContext, request: JobRequest): Promise<JobReply> {
  try {
    const run = WRITER_JOBS[request.job as JobName] as (c: WriterContext, input: unknown) => unknown;
    return { id: request.id, ok: true, value: await run(context, request.input) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof KioskError)) return { id: request.id, ok: false, message, code: null };
    return {
      id: request.id,
      ok: false,
      message,
      code: error.code,
      ...(error.detail !== undefined && { detail: error.detail }),
      // The store's own code (member_exists, other_space…) crosses the thread, as the HTTP API sends it.
      ...(error instanceof StoreRefusal && { reason: error.reason }),
    };
  }
}

import { z } from 'zod';
import type { ErrorDetail } from '../errors.js';
import type { ListSource, StaleReason } from '../list-freshness.js';
import type { RecordProblem } from '../record-problem.js';

/** The installed visa list: its state, and installing a feed or a CSV. */

export interface ListStatus {
  sequence: number | null;
  /** When the alliance generated the list, as signed in the feed. */
  generatedAt: string | null;
  /** When the feed says the list stops being current; null when it says nothing. */
  expiresAt: string | null;
  spaces: number;
  members: number;
  credentials: number;
  /** When the list was last installed or confirmed unchanged by the feed server. */
  lastSyncAt: string | null;
  /** Seconds since `lastSyncAt`. */
  ageSeconds: number | null;
  /** Expired, generated longer ago than `visa.staleDays`, or dated ahead of this kiosk's clock: staff should look. The kiosk still decides from it. */
  stale: boolean;
  staleReason: StaleReason | null;
  /** Where the list comes from: the joined registry, the static feed URL, or files imported by hand. */
  source: ListSource;
  /** The list's source is reached over plain http where that exposes it (see core/list-freshness.ts). */
  plainHttpFeed: boolean;
  lastError: string | null;
  /** What `lastError` is about, for a screen to word in its language; null when not known (after a restart). */
  lastErrorDetail: ErrorDetail | null;
  /** How the last sync from an alliance registry that installed something went; null before one. */
  lastSync?: LastSync | null;
}

export interface LastSync {
  mode: 'delta' | 'full';
  /** Response bodies as received (compressed), over the whole sync. */
  bytes: number;
  /** From the sync's start until the list was installed. */
  ms: number;
}

export interface ImportResult extends ListStatus {
  signed: boolean;
  /** Records left out of a feed, and why (the first few): in English, and as data for a screen to word, one for one. */
  skipped: number;
  problems: string[];
  problemDetails: RecordProblem[];
}

export const ImportInput = z.strictObject({
  feed: z.union([z.string(), z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'must be text or bytes')]),
  signature: z.string().max(200).optional(),
});

export const CsvInput = z.strictObject({ csv: z.string().max(64 * 1024 * 1024, 'is larger than 64 MB') });

import { z } from 'zod';
import type { BadgeFormat, LabelSize, QueueInfo } from '../badge.js';
import type { PrinterReason } from '../printer-reason.js';

/** The badge printer and each visit's badge. */

export interface PrinterStatus {
  /** The configured printer, or null when none is set (no badges are printed). */
  configured: { name: string; format: BadgeFormat; label: LabelSize } | null;
  queue: QueueInfo | null;
  /** The English line for the command line and the log: ready, not found, stopped… */
  detail: string;
  /** The same, in data, for a screen to word. */
  reason: PrinterReason;
}

export interface BadgeStatus {
  visitId: number;
  status: 'pending' | 'printed' | 'failed';
  /** The English line for the log; empty while pending. */
  detail: string;
  /** The outcome in data, for a screen to word; null while pending. */
  reason: PrinterReason | null;
}

export const VisitIdInput = z.strictObject({ visitId: z.number().int().positive() });

import { z } from 'zod';
import type { QueueInfo } from '../badge.js';

/** The badge printer and each visit's badge. */

export interface PrinterStatus {
  /** The configured printer, or null when none is set (no badges are printed). */
  configured: { name: string; format: string; label: string } | null;
  queue: QueueInfo | null;
  /** Plain words for the front desk: ready, not found, stopped… */
  detail: string;
}

export interface BadgeStatus {
  visitId: number;
  status: 'pending' | 'printed' | 'failed';
  detail: string;
}

export const VisitIdInput = z.strictObject({ visitId: z.number().int().positive() });

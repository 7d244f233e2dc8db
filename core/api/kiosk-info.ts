import type { WedgeForm } from '../readers.js';

/** What every screen needs to know about the kiosk, and faults of its files. */

export interface KioskInfo {
  space: { id: string; name: string; city: string; country: string; timezone: string } | null;
  language: string;
  idleSeconds: number;
  /** What a day pass costs here; null where the space sells none. */
  dayPass: { price: string; currency: string } | null;
  /** How long a guest's name and email are kept: the guest form's privacy notice says so. */
  retentionDays: number;
  /** How a reader in keyboard mode writes a badge (the kiosk.wedgeForm setting). */
  wedgeForm: WedgeForm;
  /** The longest gap between a keyboard-mode reader's keys (the reader.wedgeGapMs setting). */
  wedgeGapMs: number;
  /** How long a badge may take to print before it counts as failed (the printer.timeoutSeconds setting): a screen waits that long for its news. */
  printTimeoutSeconds: number;
  /** What is wrong with the kiosk's files now, for every screen to say; empty when nothing is. */
  storage: StorageProblem[];
}

/**
 * A fault of the kiosk's own files that staff must act on. fileLost: the database file was
 * deleted or replaced while the kiosk ran (nothing is being saved); visitLogDamaged: the visit
 * log is damaged (restore a backup); listDamaged: the visa list file is damaged (fetched again).
 */
export interface StorageProblem {
  kind: 'fileLost' | 'visitLogDamaged' | 'listDamaged';
  /** One line for staff, in English, as the log says it: what happened and what to do. */
  message: string;
  since: string;
}

import { z } from 'zod';
import { PrinterReason } from './printer-reason.js';
import { LocalDate, VisitKind } from './vocabulary.js';

/** What a visitor badge shows: everything a printer driver knows about a visit. */
export const Badge = z.strictObject({
  name: z.string().max(200),
  kind: VisitKind,
  homeSpace: z.string().max(200).nullable(),
  hostSpace: z.string().max(200),
  validOn: LocalDate,
  visitId: z.number().int().nonnegative().nullable(),
});
export type Badge = z.infer<typeof Badge>;

/**
 * The media a badge is laid out for: Brother QL die-cut 62×100 mm (portrait), Zebra 4×3 in,
 * DYMO address label 89×36 mm (landscape), CR80 card 85.6×54 mm.
 */
export const LabelSize = z.enum(['62x100mm', '4x3in', '89x36mm', 'cr80']);
export type LabelSize = z.infer<typeof LabelSize>;

/** PDF goes through the printer's CUPS / Windows driver; ZPL and ESC/POS are sent raw. */
export const BadgeFormat = z.enum(['pdf', 'zpl', 'escpos']);
export type BadgeFormat = z.infer<typeof BadgeFormat>;

/** The resolutions Zebra printheads come in, in dots per inch: ZPL positions and sizes are in dots. */
export const PRINTER_DPIS = [203, 300, 600] as const;
export const PrinterDpi = z.union(
  PRINTER_DPIS.map((dpi) => z.literal(dpi)),
  { error: 'must be 203, 300 or 600 (the printer’s dots per inch)' },
);
export type PrinterDpi = z.infer<typeof PrinterDpi>;

export const PrinterSettings = z.strictObject({
  /** The CUPS queue or Windows printer name. */
  name: z.string().min(1).max(127),
  format: BadgeFormat,
  label: LabelSize,
  /** How long a job may take before the kiosk reports it failed. */
  timeoutSeconds: z.number().min(1).max(600).default(30),
  /** The printhead's resolution; only ZPL depends on it. */
  dpi: PrinterDpi.default(203),
});
export type PrinterSettings = z.infer<typeof PrinterSettings>;
export type PrinterSettingsInput = z.input<typeof PrinterSettings>;

/** A printer queue as the spooler lists it. */
export const QueueInfo = z.strictObject({
  name: z.string(),
  state: z.enum(['idle', 'printing', 'stopped', 'unknown']),
  acceptingJobs: z.boolean(),
  isDefault: z.boolean(),
  description: z.string(),
  /** The spooler's last word on the queue ("Filter failed", "Paused"…), empty when none. */
  message: z.string(),
});
export type QueueInfo = z.infer<typeof QueueInfo>;

export const PrintOutcome = z.strictObject({
  status: z.enum(['printed', 'failed']),
  jobId: z.number().int().nullable(),
  /** The English line for the command line and the log. */
  detail: z.string(),
  /** The same outcome in data, for a screen to word. */
  reason: PrinterReason,
});
export type PrintOutcome = z.infer<typeof PrintOutcome>;

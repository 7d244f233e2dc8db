import { z } from 'zod';
import type { BadRead, ReaderReason } from './reader-reason.js';
import type { CanonicalCredential } from './credentials.js';
import { RfidForm } from './credentials.js';

/**
 * Reader configuration and what readers report. A reader is found by path or, better, by
 * USB vendor/product/serial number, so it is found again when it comes back on another path.
 */
const Hex4 = z
  .string()
  .regex(/^[0-9a-fA-F]{4}$/, 'must be four hex digits, e.g. 0403')
  .transform((s) => s.toLowerCase());

export const UsbMatch = z.strictObject({
  vendorId: Hex4,
  productId: Hex4,
  serialNumber: z.string().min(1).max(128).optional(),
});
export type UsbMatch = z.infer<typeof UsbMatch>;

/** True when a USB device (ids as hex text, any case) is the one a reader's `match` names. */
export function matchesUsb(
  device: { vendorId?: string | null | undefined; productId?: string | null | undefined; serialNumber?: string | null | undefined },
  match: UsbMatch,
): boolean {
  return (
    device.vendorId?.toLowerCase() === match.vendorId &&
    device.productId?.toLowerCase() === match.productId &&
    (match.serialNumber === undefined || device.serialNumber === match.serialNumber)
  );
}

/** How a line reader's text is read: as an RFID UID in one of its forms, or as a barcode. */
export const LineForm = z.union([RfidForm, z.literal('barcode')]);
export type LineForm = z.infer<typeof LineForm>;

/** How a reader in keyboard mode (typing into the kiosk window) writes a badge; auto: a hex UID, else a barcode. */
export const WedgeForm = z.enum(['auto', ...RfidForm.options, 'barcode']);
export type WedgeForm = z.infer<typeof WedgeForm>;

/** What a check-in is told of a badge a keyboard-mode reader typed: nothing when it must guess. */
export function wedgeCredential(form: WedgeForm): { kind?: 'rfid' | 'barcode'; form?: RfidForm } {
  if (form === 'auto') return {};
  return form === 'barcode' ? { kind: 'barcode' } : { kind: 'rfid', form };
}

/**
 * A screen's name, as an operator gives it: a browser screen's `?screen=` in its address, `app` for
 * the Electron app's own window. A reader's `screen` says at which one its taps are shown.
 */
export const ScreenName = z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, 'may hold only letters, digits, ".", "_" and "-", at most 40 of them');

/** The name the Electron app's window goes by. */
export const APP_WINDOW = 'app';

const common = {
  id: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, 'may hold only letters, digits, ".", "_" and "-"'),
  /** The screen this reader stands at: its taps show there alone; without one, on every visitor screen not in use. */
  screen: ScreenName.optional(),
  /** The same credential from this reader within this window is read once (seconds). */
  repeatSeconds: z.number().min(0).max(60).optional(),
};

const CONFIRM_READS = 'must be a whole number from 1 to 5 (2 for an RDM6300)';

export const SerialReaderConfig = z
  .strictObject({
    ...common,
    type: z.literal('serial'),
    path: z.string().min(1).optional(),
    match: UsbMatch.optional(),
    baudRate: z.number().int().positive().default(9600),
    protocol: z.enum(['em4100', 'line', 'wiegand']),
    /** line protocol only: how the text is read (default hex), and what ends a read besides CR and LF. */
    form: LineForm.optional(),
    suffix: z.string().max(4).optional(),
    /**
     * Identical frames in a row before a read counts: 2 for a reader that repeats while the card
     * rests (RDM6300), so a line error that passes EM4100's XOR checksum is not read as another
     * card; 1 (the default) for a reader that sends once (ID-12LA), which 2 would never deliver.
     */
    confirmReads: z.number({ error: CONFIRM_READS }).int(CONFIRM_READS).min(1, CONFIRM_READS).max(5, CONFIRM_READS).optional(),
  })
  .refine((c) => c.path !== undefined || c.match !== undefined, 'needs a path or a USB match')
  .refine((c) => c.form === undefined || c.protocol === 'line', {
    message: 'applies only to line readers (protocol line); an em4100 or wiegand reader sends its card number in one fixed form',
    path: ['form'],
  });
export type SerialReaderConfig = z.infer<typeof SerialReaderConfig>;

export const HidReaderConfig = z
  .strictObject({
    ...common,
    type: z.literal('hid'),
    match: UsbMatch,
    protocol: z.enum(['keyboard', 'hidpos']),
    /** keyboard protocol only: how the typed text is read (default hex). */
    form: LineForm.optional(),
  })
  .refine((c) => c.form === undefined || c.protocol === 'keyboard', {
    message: 'applies only to keyboard-mode readers (protocol keyboard); an hidpos scanner reads barcodes',
    path: ['form'],
  });
export type HidReaderConfig = z.infer<typeof HidReaderConfig>;

export const ReaderConfig = z.discriminatedUnion('type', [SerialReaderConfig, HidReaderConfig]);
export type ReaderConfig = z.infer<typeof ReaderConfig>;
/** Reads and statuses are told apart by the reader's id, so no two may share one. */
export const ReaderConfigs = z
  .array(ReaderConfig)
  .max(16)
  .superRefine((readers, ctx) => {
    const twice = readers.findIndex((r, i) => readers.findIndex((o) => o.id === r.id) !== i);
    if (twice >= 0) ctx.addIssue({ code: 'custom', message: `the id "${readers[twice]!.id}" is given to another reader too`, path: [twice, 'id'] });
  });

/** One credential read by one reader, after its repeat filter. */
export interface CredentialRead extends CanonicalCredential {
  /** The text as the reader delivered it, before normalisation. */
  raw: string;
  readerId: string;
  at: string;
}

export type ReaderState = 'connected' | 'disconnected' | 'error';

export interface ReaderStatus {
  readerId: string;
  state: ReaderState;
  /** Plain English for the command line and the log: which device, and what went wrong if anything did. */
  detail: string;
  /** The same in data, for a screen to word in its own language. */
  reason: ReaderReason;
  /** The last frame refused, told with the count as it grows. */
  lastBadRead?: BadRead;
  /** Frames refused so far (bad checksum, bad parity, noise…). */
  badFrames: number;
}

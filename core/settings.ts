import { z } from 'zod';
import { BadgeFormat, LabelSize, PrinterDpi } from './badge.js';
import { RepeatTapSetting } from './check-out.js';
import { WEDGE_GAP_MS } from './keyboard-wedge.js';
import { WEBHOOK_FORMATS } from './desk-notice.js';
import { ReaderConfigs, WedgeForm } from './readers.js';

/** Accepts the value itself (from the UI) or its JSON text (from the command line). */
function jsonOr<S extends z.ZodType>(schema: S) {
  return z
    .unknown()
    .transform((value, ctx) => {
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** A number, or its decimal text from the command line: "", "0x1e" or [30] are refused, never read as 0 or 30. */
function numeric(schema: z.ZodNumber) {
  return z
    .union(
      [
        z.number(),
        z
          .string()
          .trim()
          .regex(/^-?\d+(\.\d+)?$/)
          .transform(Number),
      ],
      { error: 'must be a number' },
    )
    .pipe(schema);
}

/**
 * Every setting the kiosk knows, with the schema its value must pass. Values arrive as
 * text from the command line and as JSON from the UI, so numbers may come as decimal text.
 */
export const SETTINGS = {
  'space.id': {
    schema: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be a space id from the visa list'),
    description: 'the id of this kiosk’s own space in the visa list',
  },
  'kiosk.idleSeconds': {
    schema: numeric(z.number().int().min(5).max(600)),
    description: 'seconds before a screen returns to the welcome screen by itself',
    default: 20,
  },
  'kiosk.language': {
    schema: z.enum(['en', 'fr', 'de', 'es']),
    description: 'the language the welcome screen starts in',
    default: 'en',
  },
  'kiosk.repeatTap': {
    schema: RepeatTapSetting,
    description: 'what a tap by a visitor already on site does: ask (the screen asks "Check out?") or check-out (checks them out at once)',
    default: 'ask',
  },
  'visa.publicKey': {
    schema: z.string().regex(/-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/, 'must be a PEM public key'),
    description: 'the alliance’s Ed25519 public key (PEM); once set, unsigned feeds are refused',
  },
  readers: {
    schema: jsonOr(ReaderConfigs),
    description: 'the badge readers to open (JSON list; see docs/operators.md, "Badge readers")',
    default: [],
  },
  'visa.feedUrl': {
    schema: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    description: 'where the alliance publishes the visa list (signature at the same URL + .sig)',
  },
  'visa.syncMinutes': {
    schema: numeric(
      z
        .number()
        .int()
        .min(1)
        .max(24 * 60),
    ),
    description: 'how often the running kiosk fetches the visa list',
    default: 15,
  },
  'visa.staleDays': {
    schema: numeric(z.number().min(0.01).max(365)),
    description: 'a list generated longer ago than this many days is stale (staff are told), however recently it was downloaded',
    default: 7,
  },
  'kiosk.wedgeForm': {
    schema: WedgeForm,
    description:
      'how a reader in keyboard mode (typing into the kiosk window) writes a badge: auto (a hex UID, else a barcode), hex, hex-reversed, decimal, decimal-reversed, wiegand26, wiegand34 or barcode',
    default: 'auto',
  },
  'reader.wedgeGapMs': {
    schema: numeric(z.number().int().min(WEDGE_GAP_MS.min).max(WEDGE_GAP_MS.max)),
    description: `the longest gap in milliseconds between two keys of a keyboard-mode reader's badge (${WEDGE_GAP_MS.min}–${WEDGE_GAP_MS.max}); slower keys are a person typing. Staff can learn it from a scan on the Devices page`,
    default: WEDGE_GAP_MS.default,
  },
  'reader.repeatSeconds': {
    schema: numeric(z.number().min(0).max(60)),
    description: 'the same badge on the same reader within this window is read once',
    default: 3,
  },
  'printer.name': {
    schema: z.string().min(1).max(127),
    description: 'the printer queue for visitor badges (CUPS queue or Windows printer); unset: no badges',
  },
  'printer.format': {
    schema: BadgeFormat,
    description: "pdf (through the queue's driver), zpl (Zebra, raw) or escpos (receipt printer, raw)",
    default: 'pdf',
  },
  'printer.label': {
    schema: LabelSize,
    description: 'the label: 62x100mm (Brother QL), 4x3in (Zebra), 89x36mm (DYMO), cr80 (card)',
    default: '62x100mm',
  },
  'printer.dpi': {
    schema: numeric(z.number()).pipe(PrinterDpi),
    description: "the Zebra printer's resolution in dots per inch for zpl badges: 203, 300 or 600",
    default: 203,
  },
  'printer.timeoutSeconds': {
    schema: numeric(z.number().int().min(1).max(600)),
    description: 'how long a badge may take to print before staff are told it failed',
    default: 30,
  },
  'privacy.retentionDays': {
    schema: numeric(z.number().int().min(1).max(3650)),
    description: 'days a guest’s name and email are kept',
    default: 90,
  },
  'backup.folder': {
    schema: z.string().min(1).max(1000),
    description: 'where the running kiosk puts its daily backups (relative to the database’s folder); unset: a backups folder beside the database',
  },
  'backup.keep': {
    schema: numeric(z.number().int().min(1).max(3650)),
    description: 'how many daily backups are kept; older ones are removed',
    default: 14,
  },
  'desk.webhookUrl': {
    schema: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    description:
      'where calls for staff, visa check-ins, day-pass sales and badges that did not print are posted (a Slack or Teams incoming webhook, or your own); unset: staff screens only',
  },
  'desk.webhookFormat': {
    schema: z.enum(WEBHOOK_FORMATS),
    description: 'what the webhook is sent: slack ({"text": …}), teams (a message card) or json (the notice with its fields and id)',
    default: 'slack',
  },
  'desk.callWaitSeconds': {
    schema: numeric(z.number().min(0.5).max(30)),
    description: 'how long a visitor who pressed Call staff waits for the webhook or a staff screen to take the call before being sent to the front desk',
    default: 6,
  },
  'desk.retrySeconds': {
    schema: numeric(z.number().min(0.1).max(3600)),
    description: 'seconds before the webhook is tried again after it failed; doubled after each failure in a row, up to desk.retryMaxSeconds',
    default: 5,
  },
  'desk.retryMaxSeconds': {
    schema: numeric(z.number().min(0.1).max(86400)),
    description: 'the longest wait between two tries of the webhook',
    default: 300,
  },
} as const satisfies Record<string, { schema: z.ZodType; description: string; default?: unknown }>;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.output<(typeof SETTINGS)[K]['schema']>;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

/** What a key that is no setting is told, by every transport and the command line alike. */
export function unknownSettingMessage(key: string): string {
  return `unknown setting "${key}"; the settings are: ${SETTING_KEYS.join(', ')}`;
}

/**
 * What a setting is worth with this stored value (undefined: not stored): its default when it has
 * one, else null (not set). The audit records this, so a setting at its default reads as that value.
 */
export function effectiveSetting(key: SettingKey, stored: unknown): unknown {
  return stored ?? (SETTINGS[key] as { default?: unknown }).default ?? null;
}

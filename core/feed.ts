import { z } from 'zod';
import { isTimezone } from './calendar.js';
import { ListForm } from './credential-match.js';
import { CredentialKind, Currency, LocalDate, MemberStatus, Price } from './vocabulary.js';

const Id = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'is longer than 100 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'may hold only letters, digits, ".", "_" and "-"');
const Text = (max: number) => z.string().max(max, `is longer than ${max} characters`);
/**
 * What would show staff, a phone or a terminal another name than the one stored: control
 * characters (an escape sequence rewrites a terminal's screen), and bidirectional overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069: "Evil" U+202E "exe.TXT" shows as "EvilTXT.exe"). Tabs and line breaks
 * stay (a spreadsheet cell may hold two lines), and so do joiners: Persian and Indic names use them.
 */
const HIDDEN = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
const readsAsStored = (name: string) => !HIDDEN.test(name.replace(/[\t\n\r]/g, ''));
const Name = Text(200)
  .min(1, 'must not be empty')
  .refine(readsAsStored, {
    message: 'holds a control character or a direction override, so it would not read as it is stored',
    params: { fault: 'hidden_characters' },
  });

export const FeedSpace = z.object({
  id: Id,
  name: Name,
  city: Text(200),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 country code'),
  timezone: z.string().refine(isTimezone, 'is not an IANA timezone (e.g. Europe/Berlin)'),
  visa: z.object({
    accepts: z.boolean(),
    freeDaysPerMonth: z.number().int().min(0).max(31),
    noticeHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 31),
    notes: Text(2000).default(''),
  }),
  dayPass: z.object({ price: Price, currency: Currency }).nullable().optional(),
});
export type FeedSpace = z.infer<typeof FeedSpace>;

/** `form` says how an RFID card is written (core/credential-match.ts); a barcode has none. */
export const FeedCredential = z
  .object({ kind: CredentialKind, form: ListForm.optional(), value: z.string().min(1).max(256) })
  .refine((c) => c.form === undefined || c.kind === 'rfid', {
    message: 'is for RFID cards: a barcode is matched as it is written',
    path: ['form'],
    params: { fault: 'form_for_barcode' },
  });

export const FeedMember = z.object({
  id: Id,
  space: Id,
  name: Name,
  email: z.union([z.email('is not an email address'), z.literal('')]).default(''),
  status: MemberStatus,
  validUntil: LocalDate.nullable().optional(),
  credentials: z.array(FeedCredential).max(20, 'has more than 20 credentials').default([]),
});
export type FeedMember = z.infer<typeof FeedMember>;

export const FEED_FORMAT = 'coworking-visa/1';

/** A feed's own fields, beside its lists (which a large feed's reader takes record by record). */
const missingOr = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is missing' : message);

export const FeedHeader = z.object({
  format: z.literal(FEED_FORMAT, { error: missingOr(`must be "${FEED_FORMAT}"`) }),
  sequence: z
    .number({ error: missingOr('must be a whole number') })
    .int('must be a whole number')
    .nonnegative('must be a whole number'),
  generatedAt: z.iso.datetime({ offset: true, error: missingOr('must be an ISO 8601 time with its offset, e.g. 2026-11-21T09:00:00Z') }),
  /** Optional: after this the list is stale however recently it was downloaded. */
  expiresAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with its offset, e.g. 2026-11-28T09:00:00Z' }).optional(),
});

export const Feed = FeedHeader.extend({
  spaces: z.array(FeedSpace).min(1, 'must list at least one space'),
  members: z.array(FeedMember),
});
export type Feed = z.infer<typeof Feed>;

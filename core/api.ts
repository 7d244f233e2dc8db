import { z } from 'zod';
import { RfidForm } from './credentials.js';
import { isSettingKey, unknownSettingMessage } from './settings.js';
import type { ErrorDetail } from './errors.js';
import type { PrintOutcome, QueueInfo } from './badge.js';
import type { ReaderStatus, WedgeForm } from './readers.js';
import type { StaleReason } from './list-freshness.js';
import type { ReasonCode } from './vocabulary.js';
import { CredentialKind, LocalDate, Role, VisitKind } from './vocabulary.js';

/**
 * The one contract between the kiosk service and its clients. The Electron IPC relay and
 * the WebSocket server are generic loops over `METHODS` and `EVENTS`: a method is added here,
 * handled by a domain service (service/kiosk/), listed in service/api-handlers.ts, and every
 * transport carries it.
 */

export interface MemberRef {
  id: string;
  name: string;
  space: string;
  spaceName: string | null;
}

export interface CheckinResult {
  decision: 'admitted' | 'denied' | 'staff';
  kind: VisitKind | null;
  reason: ReasonCode | null;
  repeat: boolean;
  member: MemberRef | null;
  staff: { id: number; name: string; role: Role } | null;
  /**
   * The credential as read, canonical: staff need it when a badge is unknown. 'manual': picked by
   * staff. A staff badge's value is only in the reply to the screen that read it, never in an event.
   */
  credential: { kind: CredentialKind | 'manual'; value: string };
  /** A badge number typed at a screen, as typed (`cc-0006`, not `CC0006`): what the visitor is shown. */
  typed?: string;
  visitId: number | null;
  visaDaysUsed: number | null;
  visaDaysAllowed: number | null;
  at: string;
  localDate: string;
  /** What a denied visitor may buy instead. */
  dayPass: { price: string; currency: string } | null;
  /** 'pending' when a badge is being printed for this visit; its outcome follows as a badgeStatus event. */
  badge?: 'pending';
  /**
   * A staff badge read by the kiosk's own reader or at a screen of its own machine: exchanged by
   * that screen for a staff session with `signIn`, once, within 30 s. Anywhere else a staff badge
   * only names the account (`staff`), and the screen asks for its PIN.
   */
  staffTicket?: string;
}

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

export interface StaffMember {
  id: number;
  name: string;
  role: 'staff' | 'manager';
}

export interface SignedIn {
  staff: StaffMember;
  /** Staff mode locks itself after this long without a call. */
  idleSeconds: number;
}

/** Why a PIN did not sign in, in numbers the screen says in its own language. */
export type PinRefusal =
  /** Wrong PINs this account still takes before it locks. */
  | { refused: 'wrong_pin'; triesLeft: number }
  | { refused: 'locked'; minutes: number }
  /** This screen guessed wrong too often: its next try is checked after this wait. */
  | { refused: 'wait'; seconds: number };

/** A PIN sign-in's answer: signed in, or refused with the numbers and one line in English. */
export type SignInReply = SignedIn | { refusal: PinRefusal; message: string };

/** A name on the sign-in screen's list: nothing else about the account. */
export interface StaffName {
  id: number;
  name: string;
}

export interface MemberMatch {
  id: string;
  name: string;
  email: string;
  space: string;
  spaceName: string | null;
  status: string;
}

export interface AuditView {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: unknown;
}

/** A visit as the front desk's list shows it. */
export interface VisitView {
  id: number;
  at: string;
  localDate: string;
  kind: string | null;
  decision: 'admitted' | 'denied';
  reason: string;
  name: string | null;
  memberId: string | null;
  homeSpace: string | null;
  credential: string | null;
  overriddenBy: string | null;
  overrideReason: string | null;
  overriddenAs: number | null;
  price: string | null;
  currency: string | null;
  voidedAt: string | null;
  voidReason: string | null;
  badgeStatus: string;
}

export interface DayPassResult {
  visitId: number;
  badge?: 'pending';
  guestId: number;
  name: string;
  price: string | null;
  currency: string | null;
  at: string;
  localDate: string;
}

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
  /** The configured feed URL is plain http (see core/list-freshness.ts). */
  plainHttpFeed: boolean;
  lastError: string | null;
  /** What `lastError` is about, for a screen to word in its language; null when not known (after a restart). */
  lastErrorDetail: ErrorDetail | null;
}

export interface ImportResult extends ListStatus {
  signed: boolean;
  /** Records left out of a feed, and why (the first few). */
  skipped: number;
  problems: string[];
}

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

export interface StaffCall {
  at: string;
  /** The badge that was refused, when the call comes from a denial. */
  credential: { kind: CredentialKind | 'manual'; value: string } | null;
  name: string | null;
}

/**
 * A badge reader's tap that could not be decided or saved (the database locked by another
 * program past the busy timeout, a full disk…): the visitor is asked to tap again, the front
 * desk is told. It never carries the badge's value or anyone's name.
 */
export const TapNotSaved = z.strictObject({
  /** When the tap was read. */
  at: z.iso.datetime(),
  readerId: z.string(),
  /** busy: the database is locked by another program; full: the disk is full; other: anything else. */
  reason: z.enum(['busy', 'full', 'other']),
  /** One line for staff, in English, as the log says it. */
  message: z.string(),
  /** For `other`: what the refusal was about, for a screen to word (core/errors.ts); absent for an internal error. */
  detail: z.custom<ErrorDetail>().optional(),
});
export type TapNotSaved = z.infer<typeof TapNotSaved>;

const method = <I extends z.ZodType, O>(role: Role, input: I) => ({ role, input, output: undefined as unknown as O });

export const CheckinInput = z
  .strictObject({
    credential: z.string().min(1, 'is empty').max(512),
    kind: CredentialKind.optional(),
    form: RfidForm.optional(),
  })
  .refine((input) => !(input.kind === 'barcode' && input.form), { message: 'is for RFID UIDs: a barcode is read as it is', path: ['form'] });

export const DayPassInput = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200),
  email: z.union([z.email('is not an email address'), z.literal('')]).optional(),
  company: z.string().trim().max(200).optional(),
  visiting: z.string().trim().max(200).optional(),
  memberId: z.string().max(100).optional(),
});

export const ExpectInput = z.strictObject({ memberId: z.string().min(1).max(100), date: LocalDate });

export const ImportInput = z.strictObject({
  feed: z.union([z.string(), z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'must be text or bytes')]),
  signature: z.string().max(200).optional(),
});

export const CsvInput = z.strictObject({ csv: z.string().max(64 * 1024 * 1024, 'is larger than 64 MB') });

// Checked as a whole, so the refusal reads "unknown setting …" and not "key: Invalid option …".
export const SettingKeyInput = z.strictObject({ key: z.string().max(100) }).superRefine((input, ctx) => {
  if (!isSettingKey(input.key)) ctx.addIssue({ code: 'custom', message: unknownSettingMessage(input.key) });
});
export const SettingInput = z.strictObject({ key: z.string(), value: z.unknown() });

/** A PIN as staff accounts have them. */
export const Pin = z.string().regex(/^\d{4,12}$/, 'must be 4 to 12 digits');

export const StaffInput = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200),
  role: Role.exclude(['kiosk']),
  pin: Pin,
  badge: z.string().min(1).max(256).optional(),
});

export const NoInput = z.strictObject({});

export const VisitIdInput = z.strictObject({ visitId: z.number().int().positive() });
/** `json` is JSON Lines: one object per line, so a consumer can read a long export as a stream. */
export const ExportFormat = z.enum(['csv', 'json']);
export const ExportReport = z.enum(['visits', 'spaces']);

/** What to export, for every transport and the export worker alike. */
export const ExportInput = z
  .strictObject({
    report: ExportReport.default('visits'),
    /** Local dates of the kiosk space, both inclusive. */
    from: LocalDate,
    to: LocalDate,
    format: ExportFormat.default('csv'),
    kind: VisitKind.optional(),
    /** A home space id. */
    space: z.string().min(1).max(100).optional(),
    bom: z.boolean().default(false),
  })
  // Named with the last day itself: it may be the default (the end of this month), not a date the manager gave.
  .superRefine((job, ctx) => {
    if (job.from > job.to) ctx.addIssue({ code: 'custom', message: `must not be after the last day asked for, ${job.to}`, path: ['from'] });
  })
  .refine((job) => job.report === 'visits' || job.kind === undefined, { message: 'filters the visit log only (--report visits)', path: ['kind'] })
  .refine((job) => job.report === 'visits' || job.space === undefined, { message: 'filters the visit log only (--report visits)', path: ['space'] })
  .refine((job) => job.format === 'csv' || !job.bom, { message: 'is for CSV only', path: ['bom'] });

export const SignInInput = z.union(
  [z.strictObject({ staffId: z.number().int().positive(), pin: z.string().max(12) }), z.strictObject({ ticket: z.string().min(1).max(64) })],
  {
    error: 'needs a staff account and its PIN (digits, as text), or a staff badge’s ticket',
  },
);
const Reason = z.string().trim().min(3, 'must say why (3 characters or more)').max(500);
export const VisitActionInput = z.strictObject({ visitId: z.number().int().positive(), reason: Reason });
/** An override; an unknown badge admits a guest, so staff must say who it is. */
export const OverrideInput = VisitActionInput.extend({ guestName: z.string().trim().min(1, 'is required').max(200).optional() });
export const ManualCheckinInput = z.strictObject({ memberId: z.string().min(1).max(100), overrideReason: Reason.optional() });
export const SearchInput = z.strictObject({ query: z.string().trim().min(2, 'needs at least 2 characters').max(100) });
export const TodayInput = z.strictObject({ date: LocalDate.optional() });
export const EraseInput = z.strictObject({ email: z.email('is not an email address') });
export const StaffIdInput = z.strictObject({ id: z.number().int().positive() });
export const AuditInput = z.strictObject({ limit: z.number().int().min(1).max(1000).default(100) });

export const StaffCallInput = z.strictObject({
  credential: z.strictObject({ kind: z.enum(['rfid', 'barcode', 'manual']), value: z.string().max(256) }).optional(),
  name: z.string().max(200).optional(),
});

export const METHODS = {
  kioskInfo: method<typeof NoInput, KioskInfo>('kiosk', NoInput),
  checkin: method<typeof CheckinInput, CheckinResult>('kiosk', CheckinInput),
  sellDayPass: method<typeof DayPassInput, DayPassResult>('kiosk', DayPassInput),
  callStaff: method<typeof StaffCallInput, StaffCall>('kiosk', StaffCallInput),
  expectVisit: method<typeof ExpectInput, { memberId: string; date: string }>('staff', ExpectInput),
  listStatus: method<typeof NoInput, ListStatus>('staff', NoInput),
  readerStatuses: method<typeof NoInput, ReaderStatus[]>('kiosk', NoInput),
  importFeed: method<typeof ImportInput, ImportResult>('manager', ImportInput),
  importCsv: method<typeof CsvInput, ImportResult>('manager', CsvInput),
  syncNow: method<typeof NoInput, ImportResult & { url: string; changed: boolean }>('staff', NoInput),
  getSetting: method<typeof SettingKeyInput, unknown>('manager', SettingKeyInput),
  setSetting: method<typeof SettingInput, unknown>('manager', SettingInput),
  unsetSetting: method<typeof SettingKeyInput, unknown>('manager', SettingKeyInput),
  listSettings: method<typeof NoInput, Record<string, unknown>>('manager', NoInput),
  addStaff: method<typeof StaffInput, StaffMember>('manager', StaffInput),
  listStaff: method<typeof NoInput, (StaffMember & { hasBadge: boolean })[]>('manager', NoInput),
  disableStaff: method<typeof StaffIdInput, StaffMember>('manager', StaffIdInput),
  staffNames: method<typeof NoInput, StaffName[]>('kiosk', NoInput),
  signIn: method<typeof SignInInput, SignInReply>('kiosk', SignInInput),
  signOut: method<typeof NoInput, { signedOut: true }>('kiosk', NoInput),
  todaysVisits: method<typeof TodayInput, VisitView[]>('staff', TodayInput),
  overrideVisit: method<typeof OverrideInput, CheckinResult>('staff', OverrideInput),
  voidVisit: method<typeof VisitActionInput, VisitView>('staff', VisitActionInput),
  searchMembers: method<typeof SearchInput, MemberMatch[]>('staff', SearchInput),
  checkinMember: method<typeof ManualCheckinInput, CheckinResult>('staff', ManualCheckinInput),
  auditLog: method<typeof AuditInput, { entries: AuditView[]; intact: boolean; problem: string | null }>('manager', AuditInput),
  erasePerson: method<typeof EraseInput, { erased: number }>('manager', EraseInput),
  printerStatus: method<typeof NoInput, PrinterStatus>('staff', NoInput),
  testPrint: method<typeof NoInput, PrintOutcome>('staff', NoInput),
  reprintBadge: method<typeof VisitIdInput, PrintOutcome>('staff', VisitIdInput),
  prepareExport: method<typeof ExportInput, { url: string; fileName: string }>('manager', ExportInput),
} as const;

export type MethodName = keyof typeof METHODS;
export type MethodInput<M extends MethodName> = z.input<(typeof METHODS)[M]['input']>;
/** A method's input once its schema has passed it (defaults filled in): what the domain services take. */
export type ValidInput<M extends MethodName> = z.output<(typeof METHODS)[M]['input']>;
export type MethodOutput<M extends MethodName> = (typeof METHODS)[M]['output'];

/** The kiosk API as a client sees it: every method, async whatever the transport. */
export type KioskApi = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

export const EVENTS = {
  /** A check-in decision, from any reader or client, as it happens. */
  checkin: undefined as unknown as CheckinResult,
  /** The installed visa list changed. */
  listChanged: undefined as unknown as ListStatus,
  /** A visitor at the kiosk asked for help. */
  staffCalled: undefined as unknown as StaffCall,
  /** A visit's badge was printed, or failed to print. */
  badgeStatus: undefined as unknown as BadgeStatus,
  /** A badge reader connected, went away, or refused a bad frame. */
  readerStatus: undefined as unknown as ReaderStatus,
  /** A reader's tap could not be saved: nothing was logged, the visitor should tap again. */
  tapNotSaved: undefined as unknown as TapNotSaved,
  /** The kiosk's files became faulty, or well again: every problem there is now. */
  storage: undefined as unknown as StorageProblem[],
} as const;
export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = (typeof EVENTS)[E];

const RANK: Record<Role, number> = { kiosk: 0, staff: 1, manager: 2 };

/** True when a caller with role `held` may call a method that needs `needed`. */
export function roleAllows(held: Role, needed: Role): boolean {
  return RANK[held] >= RANK[needed];
}

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(METHODS, name);
}

import { z } from 'zod';
import { RfidForm } from '../credentials.js';
import type { ErrorDetail } from '../errors.js';
import type { PassInvalidFault } from '../pass/pass-verdict.js';
import type { ReasonCode, Role, VisitKind } from '../vocabulary.js';
import { CredentialKind, LocalDate } from '../vocabulary.js';

/** What a visitor does at the kiosk: check in, buy a day pass, call staff; and a tap that could not be saved. */

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
  /** With `notice_required`: how many hours ahead to announce, the host's notes, and the page to announce on (a registry's), if any. */
  notice?: { hours: number; notes: string; announceUrl: string | null };
  /** 'pending' when a badge is being printed for this visit; its outcome follows as a badgeStatus event. */
  badge?: 'pending';
  /**
   * A staff badge read by the kiosk's own reader or at a screen of its own machine: exchanged by
   * that screen for a staff session with `signIn`, once, within 30 s. Anywhere else a staff badge
   * only names the account (`staff`), and the screen asks for its PIN.
   */
  staffTicket?: string;
  /** In an event: read by a reader that belongs to no screen, so a screen whose visitor is busy leaves it be. */
  shared?: true;
  /** This tap checked the visitor out (the space set `kiosk.repeatTap` to check-out). */
  checkedOut?: true;
  /** This tap checked the visitor back in after a check-out earlier today: same visit, no new visa day. */
  checkedBackIn?: true;
  /** Already on site: the screen asks "Check out?", and a Yes sends this ticket to `checkOut`. */
  checkOutTicket?: string;
  /**
   * Why a visa pass was refused `pass_invalid`, for staff and the log; `no_registry`: this kiosk has
   * no alliance keys to check passes with; `retired_key`: signed by a rotated-out key after its retirement.
   */
  passFault?: PassInvalidFault;
}

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

export const ExpectInput = z.strictObject({ memberId: z.string().min(1).max(100), date: LocalDate });
export const ExpectedDayInput = z.strictObject({ date: LocalDate });

export interface Expected {
  memberId: string;
  date: string;
  /** Set when the date is inside the host's notice window: the visit counts as announced only from this instant. */
  notice: { hours: number; countsFrom: string } | null;
}

/** One visitor expected on a day, and who said so. */
export interface ExpectedVisit {
  memberId: string;
  /** From the installed list; null when the member has left it since. */
  name: string | null;
  space: string | null;
  spaceName: string | null;
  date: string;
  registeredAt: string;
  by: 'member' | 'staff' | 'command_line';
  staffName: string | null;
}

export interface StaffCall {
  /** The call's notice in the desk's outbox (a UUID): every delivery carries it, so a receiver can drop repeats. */
  id: string;
  at: string;
  /** The badge that was refused, when the call comes from a denial. */
  credential: { kind: CredentialKind | 'manual'; value: string } | null;
  name: string | null;
}

export const StaffCallInput = z.strictObject({
  credential: z.strictObject({ kind: z.enum(['rfid', 'barcode', 'manual']), value: z.string().max(256) }).optional(),
  name: z.string().max(200).optional(),
});

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
  /** As for a check-in: the reader belongs to no screen, so a screen whose visitor is busy leaves it be. */
  shared: z.literal(true).optional(),
});
export type TapNotSaved = z.infer<typeof TapNotSaved>;

import { z } from 'zod';
import { LocalDate } from '../vocabulary.js';
import type { CredentialKind, MemberStatus, ReasonCode, VisitKind } from '../vocabulary.js';
import type { BadgeStatus } from './printer.js';
import type { PrinterReason } from '../printer-reason.js';
import type { PaymentMethod } from './presence.js';

/** The front desk's day: today's visits, overriding or voiding one, finding a member. */

export interface MemberMatch {
  id: string;
  name: string;
  email: string;
  space: string;
  spaceName: string | null;
  status: MemberStatus;
}

/** A visit as the front desk's list shows it. */
export interface VisitView {
  id: number;
  at: string;
  localDate: string;
  kind: VisitKind | null;
  decision: 'admitted' | 'denied';
  /** Null for a code this version does not know (a row written by another version). */
  reason: ReasonCode | null;
  name: string | null;
  memberId: string | null;
  homeSpace: string | null;
  /** The badge as read; `kind` null for a kind this version does not know. */
  credential: { kind: CredentialKind | null; value: string } | null;
  overriddenBy: string | null;
  overrideReason: string | null;
  overriddenAs: number | null;
  price: string | null;
  currency: string | null;
  voidedAt: string | null;
  voidReason: string | null;
  badgeStatus: 'none' | BadgeStatus['status'];
  /** Why the badge did not print, when it did not and the kiosk kept why. */
  badgeReason: PrinterReason | null;
  /** When the visitor checked out, unless they came back since. */
  checkedOutAt: string | null;
  /** A day pass with a price, paid at the desk: unpaid until staff record the payment. */
  payAtDesk: boolean;
  payment: { at: string; by: string | null; method: PaymentMethod } | null;
}

const Reason = z.string().trim().min(3, 'must say why (3 characters or more)').max(500);
export const VisitActionInput = z.strictObject({ visitId: z.number().int().positive(), reason: Reason });
/** An override; an unknown badge admits a guest, so staff must say who it is. */
export const OverrideInput = VisitActionInput.extend({ guestName: z.string().trim().min(1, 'is required').max(200).optional() });
export const ManualCheckinInput = z.strictObject({ memberId: z.string().min(1).max(100), overrideReason: Reason.optional() });
export const SearchInput = z.strictObject({ query: z.string().trim().min(2, 'needs at least 2 characters').max(100) });
export const TodayInput = z.strictObject({ date: LocalDate.optional() });

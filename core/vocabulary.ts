import { z } from 'zod';

/** Reason codes, exactly the list in docs/architecture.md, "The check-in rules": a decision always carries one. */
export const ReasonCode = z.enum([
  'member',
  'visa',
  'day_pass',
  'unknown_credential',
  'ambiguous_credential',
  'member_inactive',
  'membership_expired',
  'space_not_participating',
  'notice_required',
  'visa_days_used_up',
  'pass_invalid',
  'pass_expired',
]);
export type ReasonCode = z.infer<typeof ReasonCode>;

/** The reasons a check-in is refused (the others name how a visitor was admitted). */
export const DenialReason = ReasonCode.exclude(['member', 'visa', 'day_pass']);
export type DenialReason = z.infer<typeof DenialReason>;

export const VisitKind = z.enum(['member', 'visa', 'day_pass', 'guest']);
export type VisitKind = z.infer<typeof VisitKind>;

export const MemberStatus = z.enum(['active', 'suspended', 'expired']);
export type MemberStatus = z.infer<typeof MemberStatus>;

export const CredentialKind = z.enum(['rfid', 'barcode']);
export type CredentialKind = z.infer<typeof CredentialKind>;

export const Role = z.enum(['kiosk', 'staff', 'manager']);
export type Role = z.infer<typeof Role>;

/** A calendar date as the kiosk space's wall calendar shows it. */
export const LocalDate = z.iso.date({ error: 'must be a date written YYYY-MM-DD' });

/** An instant; an offset is required so it cannot be misread in another timezone. */
export const Instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with a timezone, e.g. 2026-11-21T09:00:00Z' });

/** Money as a decimal string, so no price is ever rounded by floating point. */
export const Price = z.string().regex(/^\d{1,7}(\.\d{1,2})?$/, 'must be an amount like 25.00');
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code like EUR');

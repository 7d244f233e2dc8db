import { z } from 'zod';
import type { VisitKind } from '../vocabulary.js';

/** Who is in the building: check-outs, the "on site now" list, and day passes paid at the desk. */

/** One person on site now, for staff and a fire drill's printed list. */
export interface OnSite {
  visitId: number;
  name: string | null;
  homeSpace: string | null;
  kind: VisitKind | null;
  /** When they were let in: their check-in, or their return after checking out earlier today. */
  since: string;
}

export interface CheckedOut {
  visitId: number;
  at: string;
  name: string | null;
}

/** What the front desk's screens hear when someone checks out or comes back: the on-site list changed. */
export interface PresenceChange {
  visitId: number;
  at: string;
  onSite: boolean;
}

export const PaymentMethod = z.enum(['cash', 'card', 'other']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/** The visitor's "Yes" to "Check out?": the ticket their repeat tap's answer carried, good for that visit once. */
export const CheckOutInput = z.strictObject({ ticket: z.string().min(1, 'is empty').max(100) });
export const CheckOutVisitInput = z.strictObject({ visitId: z.number().int().positive() });
export const MarkPaidInput = z.strictObject({ visitId: z.number().int().positive(), method: PaymentMethod });

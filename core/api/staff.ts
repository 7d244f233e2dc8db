import { z } from 'zod';
import { Role } from '../vocabulary.js';

/** Staff accounts and signing in with a PIN or a staff badge. */

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

/** A PIN as staff accounts have them. */
export const Pin = z.string().regex(/^\d{4,12}$/, 'must be 4 to 12 digits');

export const StaffInput = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200),
  role: Role.exclude(['kiosk']),
  pin: Pin,
  badge: z.string().min(1).max(256).optional(),
});

export const SignInInput = z.union(
  [z.strictObject({ staffId: z.number().int().positive(), pin: z.string().max(12) }), z.strictObject({ ticket: z.string().min(1).max(64) })],
  {
    error: 'needs a staff account and its PIN (digits, as text), or a staff badge’s ticket',
  },
);
export const StaffIdInput = z.strictObject({ id: z.number().int().positive() });

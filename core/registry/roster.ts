import { z } from 'zod';
import { FeedMember, FeedSpace } from '../feed.js';

/** What a space sends the registry about itself: its members (the space is the one written to) and its terms. */

export const RosterMember = FeedMember.omit({ space: true });
export type RosterMember = z.infer<typeof RosterMember>;

export const RosterInput = z.strictObject({
  members: z.array(RosterMember).max(2_000_000),
  dryRun: z.boolean().optional(),
});

export const MemberPatch = RosterMember.omit({ id: true }).partial();
export type MemberPatch = z.infer<typeof MemberPatch>;

export const TermsInput = z.strictObject({
  visa: FeedSpace.shape.visa.partial().optional(),
  dayPass: FeedSpace.shape.dayPass,
});
export type TermsInput = z.infer<typeof TermsInput>;

/** What a roster replacement changes, with the first few of each for a preview. */
export interface RosterOutcome {
  added: number;
  changed: number;
  removed: number;
  /** null for a dry run: nothing was published. */
  sequence: number | null;
  preview: { added: string[]; changed: string[]; removed: string[] };
}

export const EnrolInput = z.strictObject({
  code: z.string().max(300),
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be an Ed25519 public key (base64url of 32 bytes)'),
  name: z.string().max(200).optional(),
});
export type EnrolInput = z.infer<typeof EnrolInput>;

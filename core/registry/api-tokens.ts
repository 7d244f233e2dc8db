import { z } from 'zod';

/** A token's label: what a space calls the membership system holding it. */
export const TokenLabel = z
  .string()
  .max(100, 'is longer than 100 characters')
  // Listed one token a line, on a terminal: no line breaks or escape codes.
  .refine((label) => !/\p{Cc}/u.test(label), 'holds a control character (a line break, a tab, an escape)');

/** A space's API token as its kiosks list it: never the token, which is shown once and kept only as its hash. */
export const ApiTokenListing = z.object({
  id: z.string(),
  label: z.string(),
  createdAt: z.string(),
  /** Who made it: `kiosk:ID`. */
  createdBy: z.string(),
  revokedAt: z.string().nullable(),
});
export type ApiTokenListing = z.infer<typeof ApiTokenListing>;

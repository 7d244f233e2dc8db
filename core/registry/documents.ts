import { z } from 'zod';
import { FeedMember, FeedSpace } from '../feed.js';

/**
 * The registry's signed documents (docs/alliances.md, "The alliance registry"). Each travels as an
 * envelope holding the document's exact JSON text and a signature over its bytes, so nothing
 * depends on re-serialising JSON the same way on both sides.
 */

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lowercase hex');
const Sequence = z.number().int().nonnegative();
const Time = z.iso.datetime({ offset: true });
/** An Ed25519 public key: base64url of its raw 32 bytes. */
export const PublicKeyText = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be an Ed25519 public key (base64url of 32 bytes)');

export const Envelope = z.strictObject({
  signed: z.string().min(2),
  sig: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'must be a base64 Ed25519 signature'),
});
export type Envelope = z.infer<typeof Envelope>;

export const KEYS_FORMAT = 'coworking-visa-keys/1';
/** An online key rotated out at `retiredAt`: kiosks still check passes with it for a pass's lifetime after. */
export const RetiredKey = z.object({ online: PublicKeyText, version: z.number().int().positive(), retiredAt: Time });
export type RetiredKey = z.infer<typeof RetiredKey>;
/** Signed by the root key: which online key signs this alliance's publications. */
export const KeysDocument = z.object({
  format: z.literal(KEYS_FORMAT),
  alliance: z.string().min(1).max(200),
  root: PublicKeyText,
  online: PublicKeyText,
  version: z.number().int().positive(),
  issuedAt: Time,
  /** The online keys rotated out within a pass's lifetime, so a kiosk that skipped a version still trusts them; absent before any rotation. */
  retired: z.array(RetiredKey).optional(),
});
export type KeysDocument = z.infer<typeof KeysDocument>;

const FileFacts = z.object({ sha256: Sha256Hex, bytes: z.number().int().nonnegative() });

export const MANIFEST_FORMAT = 'coworking-visa-manifest/1';
/** Signed by the online key: the files of one publication, by hash. */
export const Manifest = z.object({
  format: z.literal(MANIFEST_FORMAT),
  sequence: Sequence,
  generatedAt: Time,
  keyVersion: z.number().int().positive(),
  feed: FileFacts,
  feedGz: FileFacts,
  delta: FileFacts.extend({ from: Sequence }).nullable(),
});
export type Manifest = z.infer<typeof Manifest>;

export const TIMESTAMP_FORMAT = 'coworking-visa-timestamp/1';
/** Signed by the online key every hour: the newest publication, and until when that claim holds. */
export const Timestamp = z.object({
  format: z.literal(TIMESTAMP_FORMAT),
  sequence: Sequence,
  manifestSha256: Sha256Hex,
  expires: Time,
  keyVersion: z.number().int().positive(),
});
export type Timestamp = z.infer<typeof Timestamp>;

export const DELTA_FORMAT = 'coworking-visa-delta/1';
/** What changed from sequence `from` to `sequence`. Removing a space lists its members as removed too. */
export const Delta = z.object({
  format: z.literal(DELTA_FORMAT),
  from: Sequence,
  sequence: Sequence,
  generatedAt: Time,
  spaces: z.object({ upsert: z.array(FeedSpace), remove: z.array(z.string()) }),
  members: z.object({ upsert: z.array(FeedMember), remove: z.array(z.string()) }),
});
export type Delta = z.infer<typeof Delta>;

/** The answer to `GET /v1/deltas?from=S`: one link per sequence after S. */
export const DeltaChain = z.object({ chain: z.array(z.object({ manifest: Envelope, delta: z.string() })) });
export type DeltaChain = z.infer<typeof DeltaChain>;

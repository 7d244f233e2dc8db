import type { z } from 'zod';
import { verifyEd25519 } from './ed25519.js';
import { Envelope } from './documents.js';

export type Opened<T> = { ok: true; document: T; signed: string } | { ok: false; problem: string };

/**
 * Checks an envelope's signature by `publicKey`, then parses what was signed with `schema`.
 * `what` names the document in the sentence a refusal gets ("the timestamp …").
 */
export async function openEnvelope<T>(value: unknown, publicKey: string, schema: z.ZodType<T>, what: string): Promise<Opened<T>> {
  const envelope = Envelope.safeParse(value);
  if (!envelope.success) return { ok: false, problem: `the ${what} is not a signed document` };
  if (!(await verifyEd25519(publicKey, envelope.data.signed, envelope.data.sig)))
    return { ok: false, problem: `the ${what}'s signature does not match the alliance's key: it was changed, or signed by someone else` };
  let json: unknown;
  try {
    json = JSON.parse(envelope.data.signed);
  } catch {
    return { ok: false, problem: `the ${what} is signed but is not JSON` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: `the ${what} is signed but not in its format (${parsed.error.issues[0]?.path.join('.') || 'document'})` };
  return { ok: true, document: parsed.data, signed: envelope.data.signed };
}

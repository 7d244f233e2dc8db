import { sha256Hex } from './ed25519.js';
import { Delta, Manifest, type DeltaChain, type Timestamp } from './documents.js';
import { openEnvelope } from './envelope.js';

/**
 * The manifest file's bytes as the registry writes them: the envelope as compact JSON, `signed`
 * then `sig`. A chain carries manifests parsed, so the kiosk hashes them written this way to
 * compare with the timestamp's `manifestSha256`.
 */
export function manifestFileText(envelope: { signed: string; sig: string }): string {
  return JSON.stringify({ signed: envelope.signed, sig: envelope.sig });
}

export type CheckedChain = { ok: true; deltas: Delta[] } | { ok: false; problem: string };

const encoder = new TextEncoder();

/**
 * Checks a delta chain from the installed sequence `from` up to the signed timestamp: every
 * manifest signed by the online key, each delta the one its manifest names (from, sequence, size
 * and SHA-256), no sequence missing, and the last manifest the one the timestamp names. Anything
 * less is refused with a sentence: the kiosk then syncs the whole list instead.
 */
export async function checkDeltaChain(
  chain: DeltaChain['chain'],
  from: number,
  timestamp: Timestamp,
  onlineKey: string,
  /** Online keys rotated out, when this sync rotated the key: only to say why a delta is refused. */
  retiredKeys: readonly string[] = [],
): Promise<CheckedChain> {
  if (chain.length === 0) return { ok: false, problem: `the registry offers sequence ${timestamp.sequence} but sent no deltas from ${from}` };
  const deltas: Delta[] = [];
  let expected = from;
  for (const [i, link] of chain.entries()) {
    const what = `manifest of the delta ${i + 1} of ${chain.length}`;
    const opened = await openEnvelope(link.manifest, onlineKey, Manifest, what);
    // Never taken: a chain is the current key's alone, and a retired key may have leaked.
    if (!opened.ok && (await signedByOneOf(link.manifest, retiredKeys, what)))
      return {
        ok: false,
        problem: `the ${what} was signed by the alliance's online key before it was rotated, and deltas signed before a rotation are not taken`,
      };
    if (!opened.ok) return opened;
    const manifest = opened.document;
    if (manifest.sequence !== expected + 1 || manifest.delta?.from !== expected)
      return {
        ok: false,
        problem: `the delta chain has a hole: after sequence ${expected} it goes on with ${manifest.delta?.from ?? 'no delta'} → ${manifest.sequence}`,
      };
    const bytes = encoder.encode(link.delta);
    if (bytes.length !== manifest.delta.bytes || (await sha256Hex(bytes)) !== manifest.delta.sha256)
      return { ok: false, problem: `the delta to sequence ${manifest.sequence} is not the one its signed manifest names: it was changed on the way` };
    let json: unknown;
    try {
      json = JSON.parse(link.delta);
    } catch {
      return { ok: false, problem: `the delta to sequence ${manifest.sequence} is not JSON` };
    }
    const delta = Delta.safeParse(json);
    if (!delta.success)
      return { ok: false, problem: `the delta to sequence ${manifest.sequence} is not in its format (${delta.error.issues[0]?.path.join('.')})` };
    if (delta.data.from !== expected || delta.data.sequence !== manifest.sequence)
      return { ok: false, problem: `the delta to sequence ${manifest.sequence} says it goes from ${delta.data.from} to ${delta.data.sequence}` };
    deltas.push(delta.data);
    expected = manifest.sequence;
  }
  if (expected !== timestamp.sequence)
    return { ok: false, problem: `the delta chain ends at sequence ${expected}, and the signed timestamp names ${timestamp.sequence}` };
  const last = chain.at(-1)!.manifest;
  if ((await sha256Hex(manifestFileText(last))) !== timestamp.manifestSha256)
    return { ok: false, problem: `the last manifest of the delta chain is not the one the signed timestamp names` };
  return { ok: true, deltas };
}

async function signedByOneOf(manifest: unknown, keys: readonly string[], what: string): Promise<boolean> {
  for (const key of keys) if ((await openEnvelope(manifest, key, Manifest, what)).ok) return true;
  return false;
}

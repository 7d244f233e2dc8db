import { KioskError } from '../../core/errors.js';
import { Envelope, KeysDocument, Timestamp } from '../../core/registry/documents.js';
import { openEnvelope } from '../../core/registry/envelope.js';
import { keysToRetire } from '../../core/registry/retired-keys.js';
import type { AllianceState, AllianceStateTable } from '../../db/alliance-state.js';
import { PASS_LIFETIME_MS } from '../../core/pass/pass-verdict.js';
import type { Db } from '../../db/open.js';
import { passTrust } from '../../db/pass-trust.js';
import { writeTx } from '../../db/write-tx.js';
import type { RegistryClient } from './registry-client.js';

const refused = (problem: string) => new KioskError(`the registry's answer was refused: ${problem}`, 'refused', { detail: { what: 'signature_bad' } });

function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw refused(`the ${what} is not JSON`);
  }
}

/**
 * The signed timestamp, checked by the online key this kiosk trusts. A timestamp signed by a
 * newer key version makes the kiosk fetch the keys document and accept the new online key only
 * with the pinned root's signature: a thief of the online key cannot name a key of their own.
 */
export async function openTimestamp(
  body: Buffer,
  state: AllianceState,
  client: RegistryClient,
  db: Db,
  table: AllianceStateTable,
  now: Date,
): Promise<{ timestamp: Timestamp; onlineKey: string }> {
  const json = parseJson(body, 'timestamp');
  let onlineKey = state.onlineKey;
  const envelope = Envelope.safeParse(json);
  const claimed = envelope.success ? Timestamp.safeParse(safeJson(envelope.data.signed)) : null;
  if (claimed?.success && claimed.data.keyVersion > state.keyVersion) onlineKey = await rotate(state, client, db, table, claimed.data.keyVersion, now);
  const opened = await openEnvelope(json, onlineKey, Timestamp, 'timestamp');
  if (!opened.ok) throw refused(opened.problem);
  return { timestamp: opened.document, onlineKey };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function rotate(state: AllianceState, client: RegistryClient, db: Db, table: AllianceStateTable, wanted: number, now: Date): Promise<string> {
  const json = await client.json('GET', '/v1/keys');
  const opened = await openEnvelope(json, state.rootKey, KeysDocument, 'keys document');
  if (!opened.ok) throw refused(opened.problem);
  const keys = opened.document;
  if (keys.root !== state.rootKey) throw refused('the keys document names another root key than the one this kiosk pinned when it joined');
  if (keys.version < wanted) throw refused(`the timestamp is signed by key version ${wanted}, and the keys document names version ${keys.version}`);
  writeTx(db, 'the alliance keys', () => {
    trustRetiredKeys(db, keys, state.onlineKey, now);
    table.rotated(JSON.stringify(json), keys.online, keys.version);
  });
  return keys.online;
}

/**
 * Passes a rotated-out key signed before its retirement stay good until they expire: the key this
 * kiosk had, and every key the root-signed document names as retired, those of versions this kiosk
 * never saw too, each with its retirement time (in UTC, as the table compares it as text). Inside
 * the caller's transaction.
 */
export function trustRetiredKeys(db: Db, keys: KeysDocument, had: string | null, now: Date): void {
  const trust = passTrust(db);
  const forgetBefore = new Date(now.getTime() - PASS_LIFETIME_MS).toISOString();
  for (const key of keysToRetire(keys, had, now)) trust.retired(key.online, new Date(key.retiredAt).toISOString(), forgetBefore);
}

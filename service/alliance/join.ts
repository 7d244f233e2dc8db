import os from 'node:os';
import { z } from 'zod';
import { KioskError } from '../../core/errors.js';
import { KeysDocument, Envelope } from '../../core/registry/documents.js';
import { fingerprint } from '../../core/registry/ed25519.js';
import { parseEnrolmentCode } from '../../core/registry/enrolment-code.js';
import { openEnvelope } from '../../core/registry/envelope.js';
import type { Enrolment } from '../../db/alliance-state.js';
import { kioskKeyFile, newKioskKey, type KioskKey } from './kiosk-key.js';
import { RegistryClient, RegistryRefusal, type ClientOptions } from './registry-client.js';

const EnrolAnswer = z.object({
  kioskId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  space: z.object({ id: z.string(), name: z.string() }),
  alliance: z.string(),
  keys: Envelope,
  // Optional: a registry from before it said its public address; a bad one is left unused rather than failing a join whose code is spent.
  publicUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional()
    .catch(undefined),
});

export interface Joined extends Enrolment {
  spaceName: string;
  keyFile: string;
  /** The keys document stored as `keysEnvelope`, read. */
  keys: KeysDocument;
}

/**
 * `alliance join URL CODE`, up to what is stored: the registry's root key must be the one the
 * code names (its fingerprint's first 128 bits) and must have signed the keys document, before
 * this kiosk makes its key pair and registers it with the code.
 */
export async function enrol(
  databasePath: string,
  url: string,
  codeText: string,
  options: { name?: string; client?: ClientOptions; now: () => Date },
): Promise<Joined> {
  const code = parseEnrolmentCode(codeText);
  if ('problem' in code) throw new KioskError(code.problem, 'invalid', { detail: { what: 'enrolment_code_bad' } });
  const client = new RegistryClient(url, null, options.client);
  try {
    const keysJson = await client.json('GET', '/v1/keys');
    const claimed = Envelope.safeParse(keysJson);
    const root = claimed.success ? KeysDocument.safeParse(safeJson(claimed.data.signed)) : null;
    if (!root?.success)
      throw new KioskError(`${url} does not answer as an alliance registry (no keys document at /v1/keys): check the URL`, 'refused', {
        detail: { what: 'not_a_registry' },
      });
    if (!(await fingerprint(root.data.root)).startsWith(code.rootPrefix))
      throw new KioskError("this registry's root key is not the one the code names: check the URL", 'refused', { detail: { what: 'registry_key_mismatch' } });
    const keys = await openEnvelope(keysJson, root.data.root, KeysDocument, 'keys document');
    if (!keys.ok) throw new KioskError(`the registry's ${keys.problem.replace(/^the /, '')}`, 'refused');
    const keyFile = kioskKeyFile(databasePath);
    const key = newKioskKey(keyFile);
    let answer: z.infer<typeof EnrolAnswer>;
    try {
      const parsed = EnrolAnswer.safeParse(
        await client.json('POST', '/v1/enrol', { code: codeText.trim(), publicKey: key.publicKey, name: options.name ?? os.hostname() }),
      );
      if (!parsed.success) throw new KioskError('the registry accepted the code but its answer is not in its format: ask the coordinator', 'refused');
      answer = parsed.data;
    } catch (error) {
      key.discard();
      if (error instanceof RegistryRefusal && (error.status === 400 || error.status === 410))
        throw new KioskError(error.message, 'refused', { detail: { what: 'registry_refused', code: error.registryCode, sentence: error.message } });
      throw error;
    }
    key.keep();
    // The keys sent with the enrolment may be newer than those read first; only the same root's signature makes them so.
    const newer = await openEnvelope(answer.keys, root.data.root, KeysDocument, 'keys document');
    const trusted =
      newer.ok && newer.document.version >= keys.document.version
        ? { envelope: answer.keys, document: newer.document }
        : { envelope: keysJson, document: keys.document };
    return {
      registryUrl: url,
      publicUrl: answer.publicUrl?.replace(/\/+$/, '') ?? null,
      kioskId: answer.kioskId,
      spaceId: answer.space.id,
      spaceName: answer.space.name,
      alliance: answer.alliance,
      rootKey: root.data.root,
      keysEnvelope: JSON.stringify(trusted.envelope),
      onlineKey: trusted.document.online,
      keyVersion: trusted.document.version,
      keys: trusted.document,
      joinedAt: options.now().toISOString(),
      keyFile,
    };
  } finally {
    await client.close();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The registration a kiosk leaves by joining again: retired at its registry, or still open and why. */
export type LeftRegistration =
  { kioskId: string; registryUrl: string; retired: true } | { kioskId: string; registryUrl: string; retired: false; problem: string };

/**
 * Retires, signed with the key it was registered with, the registration a kiosk leaves by joining
 * again. A registration the registry has revoked or forgotten already is as good as retired; any
 * other failure leaves the new join standing, and says how the coordinator revokes it instead.
 */
export async function retireRegistration(
  left: { kioskId: string; registryUrl: string; key: KioskKey | null },
  client?: ClientOptions,
): Promise<LeftRegistration> {
  const { kioskId, registryUrl, key } = left;
  const open = (why: string): LeftRegistration => ({
    kioskId,
    registryUrl,
    retired: false,
    problem: `${why}; the coordinator can revoke it: visa-kiosk registry kiosk revoke ${kioskId}`,
  });
  if (!key) return open('its key is missing or damaged, so this kiosk cannot sign for it');
  const registry = new RegistryClient(registryUrl, { kioskId, key }, client);
  try {
    await registry.request('DELETE', '/v1/kiosks/me');
    return { kioskId, registryUrl, retired: true };
  } catch (error) {
    if (error instanceof RegistryRefusal && (error.registryCode === 'kiosk_revoked' || error.registryCode === 'unknown_kiosk'))
      return { kioskId, registryUrl, retired: true };
    if (!(error instanceof KioskError)) throw error;
    return open(error.message);
  } finally {
    await registry.close();
  }
}

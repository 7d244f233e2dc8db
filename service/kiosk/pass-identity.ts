import crypto from 'node:crypto';
import sodium from 'sodium-native';
import { checkPassNow, passLabel } from '../../core/pass/visa-pass.js';
import { PASS_LIFETIME_MS, passVerdict, type PassInvalidFault, type PassVerdict } from '../../core/pass/pass-verdict.js';
import type { AllianceStateTable } from '../../db/alliance-state.js';
import type { Db } from '../../db/open.js';
import { passTrust } from '../../db/pass-trust.js';
import type { MemberRow, VisaList } from '../../db/visa-list.js';
import { terms, type Identity } from './identify.js';

interface TrustedKey {
  keyId: string;
  /** The key's 32 bytes, as libsodium takes them. */
  key: Buffer;
}

/** Who a visa pass stands for, checked offline against the alliance keys this kiosk trusts. */
export class PassIdentities {
  private readonly trust;
  /** Key ids and raw keys by public key: a tap must not decode or hash a key again. */
  private readonly known = new Map<string, TrustedKey>();

  constructor(
    db: Db,
    private readonly alliance: AllianceStateTable,
  ) {
    this.trust = passTrust(db);
  }

  /**
   * The identity a pass gives at time `at` at space `hostId`, and why it is refused if it is. Runs
   * inside the check-in's transaction, so the list, its removals and the keys are one snapshot.
   */
  identify(list: VisaList, text: string, at: Date, hostId: string): { identity: Identity; fault: PassInvalidFault | null } {
    const since = new Date(at.getTime() - PASS_LIFETIME_MS).toISOString();
    const keys = this.keys(since);
    const check = keys ? checkPassNow(text, keys.byId, at, (publicKey, message, signature) => this.verify(keys.objects, publicKey, message, signature)) : null;
    const memberId = check && check.status !== 'invalid' ? check.pass.memberId : null;
    const listed = memberId === null ? null : list.member(memberId);
    const removedAt = memberId === null || listed ? null : this.trust.removedAt(memberId, since);
    // Asked only of a member the list has not heard of (passVerdict reads it for nobody else).
    const generatedAt = listed || removedAt !== null ? null : list.info().generatedAt;
    const signer = keys && check && check.status !== 'invalid' ? keys.byId.get(check.pass.keyId) : undefined;
    const verdict = passVerdict({
      check,
      listed: listed !== null,
      removedAt: removedAt === null ? null : new Date(removedAt),
      listGeneratedAt: generatedAt === null ? null : new Date(generatedAt),
      keyRetiredAt: signer === undefined ? null : (keys?.retiredAt.get(signer) ?? null),
    });
    const credential = { kind: 'barcode' as const, value: passLabel(text) };
    if (verdict.type === 'refused' && verdict.reason === 'pass_invalid')
      return {
        identity: { credential, holder: { type: 'refused', reason: 'pass_invalid', kind: null }, member: null, home: null, staff: null },
        fault: verdict.fault,
      };
    const member = listed ?? fromPass(verdict);
    const home = list.space(member.spaceId);
    const holder: Identity['holder'] =
      verdict.type === 'refused'
        ? { type: 'refused', reason: verdict.reason, kind: member.spaceId === hostId ? 'member' : 'visa' }
        : { type: 'member', member, homeSpace: home && terms(home) };
    return { identity: { credential, holder, member, home, staff: null }, fault: null };
  }

  /**
   * The online key of the keys document, and those rotated out within a pass's lifetime with when
   * each was; null when this kiosk has no registry.
   */
  private keys(since: string): { byId: Map<string, string>; objects: Map<string, Buffer>; retiredAt: Map<string, Date> } | null {
    const online = this.alliance.onlineKey();
    if (online === null) return null;
    const byId = new Map<string, string>();
    const objects = new Map<string, Buffer>();
    const retiredAt = new Map<string, Date>();
    for (const key of this.trust.retiredKeys(since)) if (key.publicKey !== online) retiredAt.set(key.publicKey, new Date(key.retiredAt));
    for (const publicKey of [online, ...retiredAt.keys()]) {
      const trusted = this.trusted(publicKey);
      if (!trusted) continue;
      byId.set(trusted.keyId, publicKey);
      objects.set(publicKey, trusted.key);
    }
    return { byId, objects, retiredAt };
  }

  private trusted(publicKey: string): TrustedKey | undefined {
    let found = this.known.get(publicKey);
    if (!found) {
      const raw = Buffer.from(publicKey, 'base64url');
      if (raw.length !== 32) return undefined;
      // core's passKeyId, worked out synchronously: a tap cannot wait for WebCrypto's promise.
      found = { keyId: crypto.createHash('sha256').update(raw).digest('hex').slice(0, 8), key: raw };
      this.known.set(publicKey, found);
    }
    return found;
  }

  /** libsodium, not node:crypto: less than half the time (42 against 94 µs here), on every pass a visitor shows. */
  private verify(objects: Map<string, Buffer>, publicKey: string, message: Uint8Array, signature: Uint8Array): boolean {
    const key = objects.get(publicKey);
    if (key === undefined || signature.length !== sodium.crypto_sign_BYTES) return false;
    return sodium.crypto_sign_verify_detached(view(signature), view(message), key);
  }
}

function view(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A member the list does not have, as their pass names them. */
function fromPass(verdict: Exclude<PassVerdict, { reason: 'pass_invalid' }>): MemberRow {
  const { pass } = verdict;
  return { id: pass.memberId, spaceId: pass.spaceId, name: pass.name, email: '', status: 'active', validUntil: null };
}

import type http from 'node:http';
import { MAX_SKEW_SECONDS, parseAuthorization, requestSigningText, skewWords } from '../../core/registry/request-signing.js';
import type { Db } from '../../db/open.js';
import { touchKiosk } from '../store/kiosks.js';
import type { Nonces } from '../store/nonces.js';
import { spaceRefusal } from '../store/spaces.js';
import { findToken } from '../store/tokens.js';
import type { Actor } from '../store/changes.js';
import { verifyKioskSignature } from './kiosk-signature.js';
import { ownSpaceOnly } from '../store/space-guard.js';
import { Refusal } from './reply.js';
import { authRows, type AuthRows } from './auth-rows.js';

/** Who sent a request: an enrolled kiosk (signed) or a space's API token (bearer). */
export type Caller = { kind: 'kiosk'; id: string; space: string; actor: Actor } | { kind: 'token'; id: string; space: string; actor: Actor };

export interface AuthDeps {
  db: Db;
  nonces: Nonces;
  now: () => Date;
  /** When each kiosk was last noted as seen, so a poll writes the database at most once a minute per kiosk. */
  touched: Map<string, number>;
  /** Notes a kiosk as seen, off the request's path (the writer thread); on this thread without it. */
  touch?: (kioskId: string, at: Date) => void;
}

const unauthorized = (code: string, message: string) => new Refusal(401, code, message, { 'WWW-Authenticate': 'VisaKiosk' });

function spaceOpen(rows: AuthRows, spaceId: string): void {
  const closed = spaceRefusal(rows.space(spaceId), spaceId);
  if (closed) throw new Refusal(403, 'space_closed', closed);
}

async function signedKiosk(deps: AuthDeps, request: http.IncomingMessage, header: string, bodySha256: string, closedSpace: boolean): Promise<Caller> {
  const auth = parseAuthorization(header);
  if (!auth) throw unauthorized('unauthorized', 'the Authorization header is not a VisaKiosk signature the registry can read');
  const rows = authRows(deps.db);
  const kiosk = rows.kiosk(auth.kiosk);
  if (!kiosk) throw unauthorized('unknown_kiosk', `kiosk "${auth.kiosk}" is not enrolled at this registry: join the alliance with a new enrolment code`);
  const text = requestSigningText({
    method: request.method ?? 'GET',
    path: request.url ?? '/',
    time: auth.time,
    nonce: auth.nonce,
    bodySha256,
  });
  if (!(await verifyKioskSignature(kiosk.publicKey, text, auth.sig)))
    throw unauthorized('bad_signature', "the request's signature does not match this kiosk's registered key");
  const now = deps.now();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const skew = auth.time - nowSeconds;
  if (Math.abs(skew) > MAX_SKEW_SECONDS) throw unauthorized('clock_skew', `this kiosk's clock is ${skewWords(skew)} the registry's: set the clock`);
  if (!deps.nonces.remember(kiosk.id, auth.nonce, nowSeconds)) throw unauthorized('replayed', 'replayed request: this signed request was sent before');
  if (kiosk.revokedAt) throw new Refusal(403, 'kiosk_revoked', 'this kiosk was revoked by the alliance: join again with a new enrolment code');
  if (!closedSpace) spaceOpen(rows, kiosk.spaceId);
  if ((deps.touched.get(kiosk.id) ?? 0) < now.getTime() - 60_000) {
    deps.touched.set(kiosk.id, now.getTime());
    (deps.touch ?? ((id, at) => touchKiosk(deps.db, id, at)))(kiosk.id, now);
  }
  return { kind: 'kiosk', id: kiosk.id, space: kiosk.spaceId, actor: `kiosk:${kiosk.id}` };
}

function bearer(deps: AuthDeps, token: string): Caller {
  const row = findToken(deps.db, token);
  if (!row) throw unauthorized('unknown_token', 'this API token is not one the registry knows: check it was copied whole');
  if (row.revokedAt) throw unauthorized('token_revoked', 'this API token was revoked: a space manager can make a new one');
  spaceOpen(authRows(deps.db), row.spaceId);
  return { kind: 'token', id: row.id, space: row.spaceId, actor: `token:${row.id}` };
}

/**
 * Who sent the request (its body's SHA-256 given), or the refusal that says why the registry does not believe it.
 * `closedSpace`: a kiosk of a suspended space is let through (to give up its own registration, which grants nothing).
 */
export async function authenticate(deps: AuthDeps, request: http.IncomingMessage, bodySha256: string, closedSpace = false): Promise<Caller> {
  const header = request.headers.authorization;
  if (!header) throw unauthorized('unauthorized', 'this needs a signed kiosk request or a space API token (Authorization header)');
  const token = /^Bearer\s+(\S+)$/i.exec(header);
  if (token) return bearer(deps, token[1]!);
  return signedKiosk(deps, request, header, bodySha256, closedSpace);
}

/** A caller may act only on its own space. */
export function requireOwnSpace(caller: Caller, spaceId: string): void {
  if (caller.space !== spaceId) throw new Refusal(403, 'other_space', ownSpaceOnly(caller.kind === 'kiosk' ? 'kiosk' : 'API token', caller.space));
}

export function requireKiosk(caller: Caller, what: string): void {
  if (caller.kind !== 'kiosk') throw new Refusal(403, 'kiosk_only', `an API token cannot ${what}: only an enrolled kiosk can`);
}

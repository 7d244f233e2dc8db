import { ROOT_PREFIX_LENGTH, parseEnrolmentCode } from '../../core/registry/enrolment-code.js';
import { EnrolInput } from '../../core/registry/roster.js';
import { describeIssue } from '../../core/schema-messages.js';
import { enrolKiosk } from '../store/kiosks.js';
import { listSpaces } from '../store/spaces.js';
import { parseJson } from './body.js';
import type { Handler } from './context.js';
import { directoryEntry, directoryPage } from './directory-page.js';
import { usableKioskKey } from './kiosk-signature.js';
import { Refusal, sendJson } from './reply.js';

export const getKeys: Handler = (context, { response }) => sendJson(response, 200, context.keys.envelope, { 'Cache-Control': 'no-cache' });

export const getDirectory: Handler = (context, { response }) =>
  sendJson(response, 200, { alliance: context.alliance, spaces: listSpaces(context.db).map(directoryEntry) }, { 'Cache-Control': 'no-cache' });

export const getDirectoryPage: Handler = (context, { response }) => {
  const html = directoryPage(context.alliance, listSpaces(context.db));
  response.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(html)),
    'Cache-Control': 'no-cache',
    // Spaces write their own notes: whatever slips through, the page runs no script.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  response.end(html);
};

/** A kiosk joins: its one-time code names the space, its public key is registered to it. */
export const postEnrol: Handler = (context, { response, body }) => {
  const input = EnrolInput.safeParse(parseJson(body));
  if (!input.success) throw new Refusal(400, 'invalid', `the enrolment request ${describeIssue(input.error.issues[0]!)}`);
  if (!usableKioskKey(input.data.publicKey))
    throw new Refusal(400, 'bad_key', "the kiosk's public key is no Ed25519 key it could sign with: make a new key pair and join again");
  const code = parseEnrolmentCode(input.data.code);
  if ('problem' in code) throw new Refusal(400, 'bad_code', code.problem);
  if (code.rootPrefix !== context.keys.rootFingerprint.slice(0, ROOT_PREFIX_LENGTH))
    throw new Refusal(400, 'other_alliance', "this enrolment code was made by another alliance's registry: check the registry's address");
  // A closed space is a KioskError, answered 403 (reply.ts); the code stays unused.
  const result = enrolKiosk(context.db, { code, publicKey: input.data.publicKey, name: input.data.name ?? '' });
  if (!result.ok) {
    const status = result.problem === 'unknown' ? 400 : result.problem === 'key_taken' ? 409 : 410;
    throw new Refusal(status, result.problem === 'unknown' ? 'bad_code' : result.problem, result.message);
  }
  sendJson(response, 201, {
    kioskId: result.kioskId,
    space: { id: result.space.id, name: result.space.name },
    alliance: context.alliance,
    keys: context.keys.envelope,
    // Where members' phones reach the registry, whatever address this kiosk came by: its announce QR opens it.
    ...(context.publicUrl && { publicUrl: context.publicUrl }),
  });
};

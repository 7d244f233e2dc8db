import { authenticate } from './auth.js';
import type { Call, Handler, RegistryContext } from './context.js';
import { sendDeltas, sendFeed, sendManifest, sendTimestamp } from './publication-files.js';
import { revokeKiosk } from '../store/kiosks.js';
import { Refusal, sendJson } from './reply.js';

/** Lists go only to enrolled kiosks of an open space: never to a token, never to the open internet. */
async function kioskOnly(context: RegistryContext, call: Call): Promise<void> {
  const caller = await authenticate(context.auth, call.request, call.bodySha256);
  if (caller.kind !== 'kiosk')
    throw new Refusal(403, 'kiosk_only', "an API token can only write its space's members and terms: lists go only to enrolled kiosks");
}

const sequenceParam = (text: string | undefined): number => {
  const value = Number(text);
  if (!/^\d{1,15}$/.test(text ?? '') || !Number.isSafeInteger(value)) throw new Refusal(404, 'not_found', 'there is nothing at this address');
  return value;
};

export const getTimestamp: Handler = async (context, call) => {
  await kioskOnly(context, call);
  await sendTimestamp(context.pubDir, call.request, call.response);
};

export const getManifest: Handler = async (context, call) => {
  await kioskOnly(context, call);
  await sendManifest(context.pubDir, sequenceParam(call.params[0]), call.response);
};

export const getFeed: Handler = async (context, call) => {
  await kioskOnly(context, call);
  await sendFeed(context.pubDir, sequenceParam(call.params[0]), call.response);
};

export const getDeltas: Handler = async (context, call) => {
  await kioskOnly(context, call);
  const from = call.url.searchParams.get('from');
  if (from === null || !/^\d{1,15}$/.test(from)) throw new Refusal(400, 'invalid', 'say which sequence the kiosk has: /v1/deltas?from=SEQUENCE');
  await sendDeltas(context.pubDir, Number(from), call.response);
};

/**
 * A kiosk that joined again (moved to another space, or given a new key) retires the registration
 * it leaves: its old key, replaced on the kiosk, would otherwise stay enrolled and unused.
 */
export const deleteOwnKiosk: Handler = async (context, call) => {
  // A kiosk of a suspended space may still give up its own registration: that grants it nothing.
  const caller = await authenticate(context.auth, call.request, call.bodySha256, true);
  if (caller.kind !== 'kiosk')
    throw new Refusal(
      403,
      'kiosk_only',
      'an API token retires no kiosk: a kiosk retires its own registration, the coordinator any kiosk (`registry kiosk revoke`)',
    );
  const kiosk = revokeKiosk(context.db, caller.id, caller.actor);
  sendJson(call.response, 200, { id: kiosk.id, revoked: true });
};

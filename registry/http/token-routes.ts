/** A space's API tokens, for a membership system that cannot sign: made, listed and revoked by the space's kiosks alone. */

import { z } from 'zod';
import { TokenLabel } from '../../core/registry/api-tokens.js';
import { createToken, listTokens, revokeToken } from '../store/tokens.js';
import { requireKiosk } from './auth.js';
import type { Handler } from './context.js';
import { sendJson } from './reply.js';
import { ownSpace, parse } from './write-routes.js';

const TokenInput = z.strictObject({ label: TokenLabel.optional() });

export const postToken: Handler = async (context, call) => {
  const caller = await ownSpace(context, call);
  requireKiosk(caller, 'make API tokens');
  const { label } = call.body.length === 0 ? {} : parse(TokenInput, call, 'the token request');
  sendJson(call.response, 201, createToken(context.auth.db, caller.space, label ?? '', caller.actor));
};

/** Every token the space made, revoked ones with when: a token whose id was lost can be found and revoked. */
export const getTokens: Handler = async (context, call) => {
  const caller = await ownSpace(context, call);
  requireKiosk(caller, 'list API tokens');
  sendJson(call.response, 200, { space: caller.space, tokens: listTokens(context.auth.db, caller.space) });
};

export const deleteToken: Handler = async (context, call) => {
  const caller = await ownSpace(context, call);
  requireKiosk(caller, 'revoke API tokens');
  revokeToken(context.auth.db, caller.space, call.params[1]!, caller.actor);
  sendJson(call.response, 200, { id: call.params[1], revoked: true });
};

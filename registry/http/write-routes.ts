import { z } from 'zod';
import { KioskError } from '../../core/errors.js';
import { MemberPatch, RosterInput, RosterMember, TermsInput } from '../../core/registry/roster.js';
import { describeIssue } from '../../core/schema-messages.js';
import { createToken, revokeToken } from '../store/tokens.js';
import { authenticate, requireKiosk, requireOwnSpace, type Caller } from './auth.js';
import { parseJson } from './body.js';
import type { Call, RegistryContext } from './context.js';
import { Refusal, refusalOf, sendJson } from './reply.js';
import type { Publisher, SpaceWrites } from './space-writes.js';

/** The caller, checked to be of the space in the path (params[0]). */
async function ownSpace(context: RegistryContext, call: Call): Promise<Caller> {
  const caller = await authenticate(context.auth, call.request, call.body);
  requireOwnSpace(caller, call.params[0]!);
  return caller;
}

function parse<S extends z.ZodType>(schema: S, call: Call, what: string): z.output<S> {
  const parsed = schema.safeParse(parseJson(call.body));
  if (!parsed.success) throw new Refusal(400, 'invalid', `${what}: ${describeIssue(parsed.error.issues[0]!)}`);
  return parsed.data;
}

function writer(context: RegistryContext): SpaceWrites & Publisher {
  if (!context.writes) throw new Refusal(503, 'not_publishing', 'this registry is not taking member changes right now: its publisher is not running');
  return context.writes;
}

/** Makes a change through the members store, then answers once a publication holding it is on disk. */
async function writeAndPublish(context: RegistryContext, call: Call, change: (writes: SpaceWrites) => void, status = 200): Promise<void> {
  const writes = writer(context);
  try {
    change(writes);
  } catch (error) {
    throw error instanceof KioskError ? refusalOf(error) : error;
  }
  sendJson(call.response, status, { sequence: await writes.publishSoon() });
}

type WriteHandler = (context: RegistryContext, call: Call) => Promise<void>;

export const putRoster: WriteHandler = async (context, call) => {
  const caller = await ownSpace(context, call);
  const input = parse(RosterInput, call, 'the roster');
  const writes = writer(context);
  let outcome;
  try {
    outcome = writes.replaceRoster(caller.space, input.members, caller.actor, { dryRun: input.dryRun === true });
  } catch (error) {
    throw error instanceof KioskError ? refusalOf(error) : error;
  }
  const sequence = input.dryRun ? null : await writes.publishSoon();
  sendJson(
    call.response,
    200,
    input.dryRun ? { ...outcome, sequence } : { added: outcome.added, changed: outcome.changed, removed: outcome.removed, sequence },
  );
};

export const postMember: WriteHandler = async (context, call) => {
  const caller = await ownSpace(context, call);
  const member = parse(RosterMember, call, 'the member');
  await writeAndPublish(context, call, (writes) => writes.addMember(caller.space, member, caller.actor), 201);
};

export const patchMember: WriteHandler = async (context, call) => {
  const caller = await ownSpace(context, call);
  const patch = parse(MemberPatch, call, 'the change');
  await writeAndPublish(context, call, (writes) => writes.updateMember(caller.space, call.params[1]!, patch, caller.actor));
};

export const deleteMember: WriteHandler = async (context, call) => {
  const caller = await ownSpace(context, call);
  await writeAndPublish(context, call, (writes) => writes.removeMember(caller.space, call.params[1]!, caller.actor));
};

export const putTerms: WriteHandler = async (context, call) => {
  const caller = await ownSpace(context, call);
  const terms = parse(TermsInput, call, 'the terms');
  await writeAndPublish(context, call, (writes) => writes.setTerms(caller.space, terms, caller.actor));
};

const TokenInput = z.strictObject({ label: z.string().max(100, 'is longer than 100 characters').optional() });

export const postToken: WriteHandler = async (context, call) => {
  const caller = await ownSpace(context, call);
  requireKiosk(caller, 'make API tokens');
  const { label } = call.body.length === 0 ? {} : parse(TokenInput, call, 'the token request');
  sendJson(call.response, 201, createToken(context.auth.db, caller.space, label ?? '', caller.actor));
};

export const deleteToken: WriteHandler = async (context, call) => {
  const caller = await ownSpace(context, call);
  requireKiosk(caller, 'revoke API tokens');
  try {
    revokeToken(context.auth.db, caller.space, call.params[1]!, caller.actor);
  } catch (error) {
    throw error instanceof KioskError ? refusalOf(error) : error;
  }
  sendJson(call.response, 200, { id: call.params[1], revoked: true });
};

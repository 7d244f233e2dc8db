import { z } from 'zod';
import { describeIssue } from '../../core/schema-messages.js';
import { authenticate, requireOwnSpace, type Caller } from './auth.js';
import { parseJson } from './body.js';
import type { Call, RegistryContext } from './context.js';
import { Refusal, sendJson } from './reply.js';
import type { SpaceWrites } from './space-writes.js';

/** The caller, checked to be of the space in the path (params[0]). */
export async function ownSpace(context: RegistryContext, call: Call): Promise<Caller> {
  const caller = await authenticate(context.auth, call.request, call.bodySha256);
  requireOwnSpace(caller, call.params[0]!);
  return caller;
}

export function parse<S extends z.ZodType>(schema: S, call: Call, what: string): z.output<S> {
  const parsed = schema.safeParse(parseJson(call.body));
  if (!parsed.success) throw new Refusal(400, 'invalid', `${what}: ${describeIssue(parsed.error.issues[0]!)}`);
  return parsed.data;
}

/** Makes a change through the members store, then answers once a publication holding it is on disk. */
async function writeAndPublish(context: RegistryContext, call: Call, change: (writes: SpaceWrites) => Promise<{ changeId: number | null }>, status = 200) {
  const writes = context.writes;
  // A store's KioskError is answered with the status its code means (reply.ts).
  const { changeId } = await change(writes);
  sendJson(call.response, status, { sequence: await writes.published(changeId) });
}

type WriteHandler = (context: RegistryContext, call: Call) => Promise<void>;

export const putRoster: WriteHandler = async (context, call) => {
  const caller = await ownSpace(context, call);
  const writes = context.writes;
  const { changeId, dryRun, ...outcome } = await writes.replaceRoster({ space: caller.space, actor: caller.actor, body: call.body });
  if (dryRun) return sendJson(call.response, 200, { ...outcome, sequence: null });
  const sequence = await writes.published(changeId);
  sendJson(call.response, 200, { added: outcome.added, changed: outcome.changed, removed: outcome.removed, sequence });
};

export const postMember: WriteHandler = async (context, call) => {
  const caller = await ownSpace(context, call);
  const member = parseJson(call.body);
  await writeAndPublish(context, call, (writes) => writes.addMember({ space: caller.space, actor: caller.actor, member }), 201);
};

export const patchMember: WriteHandler = async (context, call) => {
  const caller = await ownSpace(context, call);
  const patch = parseJson(call.body);
  await writeAndPublish(context, call, (writes) => writes.updateMember({ space: caller.space, actor: caller.actor, id: call.params[1]!, patch }));
};

export const deleteMember: WriteHandler = async (context, call) => {
  const caller = await ownSpace(context, call);
  await writeAndPublish(context, call, (writes) => writes.removeMember({ space: caller.space, actor: caller.actor, id: call.params[1]! }));
};

export const putTerms: WriteHandler = async (context, call) => {
  const caller = await ownSpace(context, call);
  const terms = parseJson(call.body);
  await writeAndPublish(context, call, (writes) => writes.setTerms({ space: caller.space, actor: caller.actor, terms }));
};

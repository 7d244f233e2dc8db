import { z } from 'zod';
import { describeIssue, issueField } from '../../core/schema-messages.js';
import { parseJson } from '../http/body.js';
import type { Call, RegistryContext } from '../http/context.js';
import { Refusal, sendJson } from '../http/reply.js';
import { listChanges } from '../store/changes.js';
import { makeEnrolmentCode } from '../store/codes.js';
import { revokeKiosk } from '../store/kiosks.js';
import { coordinatorPasswordHash, passwordMatches } from '../store/meta.js';
import { addSpace, changeSpaceState, NewSpace } from '../store/spaces.js';
import { kiosksOverview, PAGE_SIZE, publicationsOverview, spacesOverview } from './overview.js';
import type { ConsoleState } from './console-state.js';
import { clearedCookie, sessionCookie, sessionIdOf } from './sessions.js';
import { clientSource } from '../http/client-source.js';
import { clearFailures, recordFailure, waitForSource } from './sign-in-failures.js';

type Run = (context: RegistryContext, state: ConsoleState, call: Call, params: string[]) => void | Promise<void>;

interface ApiRoute {
  pattern: RegExp;
  method: 'GET' | 'POST';
  /** False only for signing in. */
  session: boolean;
  run: Run;
}

const SignIn = z.object({ password: z.string().max(1024) });

function input<T extends z.ZodType>(schema: T, body: Buffer, what: string): z.infer<T> {
  const parsed = schema.safeParse(parseJson(body));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Refusal(400, 'invalid', `${what} ${describeIssue(issue)}`, {}, issueField(issue) || null);
  }
  return parsed.data;
}

const secure = (call: Call) => 'encrypted' in call.request.socket;

/** The optional `before` paging parameter: a positive whole number. */
function before(call: Call): number | undefined {
  const value = call.url.searchParams.get('before');
  if (value === null) return undefined;
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new Refusal(400, 'invalid', '"before" must be a positive whole number');
  return Number(value);
}

const tooSoon = (seconds: number) =>
  new Refusal(429, 'wait', `too many wrong passwords from this address: try again in ${seconds === 1 ? 'a second' : `${seconds} seconds`}`, {
    'Retry-After': String(seconds),
  });

/**
 * Checks the coordinator's password, one try at a time per source address, each wrong one making
 * that address (and only it) wait longer; the right one clears its count.
 */
const signIn: Run = async (context, state, call) => {
  const source = clientSource(call.request.socket.remoteAddress);
  const wait = waitForSource(context.db, source, state.now());
  if (wait > 0) throw tooSoon(wait);
  // Tries sent side by side would all pass the check above before the first failure is counted.
  if (state.checking.has(source)) throw tooSoon(1);
  const { password } = input(SignIn, call.body, 'the sign-in');
  const hash = coordinatorPasswordHash(context.db);
  state.checking.add(source);
  let right: boolean;
  try {
    right = hash !== null && (await passwordMatches(password, hash));
  } finally {
    state.checking.delete(source);
  }
  if (!right) {
    const next = recordFailure(context.db, source, state.now());
    throw new Refusal(401, 'wrong_password', 'that is not the coordinator password', next > 0 ? { 'Retry-After': String(next) } : {});
  }
  clearFailures(context.db, source);
  const id = state.sessions.open();
  sendJson(call.response, 200, { alliance: context.alliance }, { 'Set-Cookie': sessionCookie(id, secure(call)) });
};

const signOut: Run = (_context, state, call) => {
  state.sessions.close(sessionIdOf(call.request.headers.cookie));
  sendJson(call.response, 200, { signedIn: false }, { 'Set-Cookie': clearedCookie(secure(call)) });
};

const session: Run = (context, _state, { response }) => sendJson(response, 200, { alliance: context.alliance });

const spaces: Run = (context, _state, { response }) => sendJson(response, 200, { spaces: spacesOverview(context.db) });

/** Enrols a space as `registry space add` does, and makes its first one-time code. */
const enrolSpace: Run = (context, _state, { response, body }) => {
  const space = input(NewSpace, body, 'the space');
  addSpace(context.db, space, 'coordinator');
  const made = makeEnrolmentCode(context.db, space.id, context.keys.rootFingerprint);
  sendJson(response, 201, { space: { id: space.id, name: space.name }, ...made });
};

const newCode: Run = (context, _state, { response }, [id]) => sendJson(response, 200, makeEnrolmentCode(context.db, id!, context.keys.rootFingerprint));

const changeState: Run = (context, _state, { response }, [id, step]) => {
  const space = changeSpaceState(context.db, id!, step as 'suspend' | 'resume' | 'remove', 'coordinator');
  sendJson(response, 200, { id: space.id, state: space.state });
};

const changes: Run = (context, _state, call) => {
  const page = listChanges(context.db, { limit: PAGE_SIZE, before: before(call) });
  sendJson(call.response, 200, { changes: page, next: page.length === PAGE_SIZE ? page.at(-1)!.id : null });
};

const publications: Run = (context, _state, call) => {
  const page = publicationsOverview(context.db, before(call));
  sendJson(call.response, 200, { publications: page, next: page.length === PAGE_SIZE ? page.at(-1)!.sequence : null });
};

const kiosks: Run = (context, _state, { response }) => sendJson(response, 200, { kiosks: kiosksOverview(context.db) });

const revoke: Run = (context, _state, { response }, [id]) => {
  const kiosk = revokeKiosk(context.db, id!, 'coordinator');
  sendJson(response, 200, { id: kiosk.id, revoked: true });
};

const ID = '([A-Za-z0-9._-]{1,100})';

export const API_ROUTES: ApiRoute[] = [
  { pattern: /^sign-in$/, method: 'POST', session: false, run: signIn },
  { pattern: /^sign-out$/, method: 'POST', session: true, run: signOut },
  { pattern: /^session$/, method: 'GET', session: true, run: session },
  { pattern: /^spaces$/, method: 'GET', session: true, run: spaces },
  { pattern: /^spaces$/, method: 'POST', session: true, run: enrolSpace },
  { pattern: new RegExp(`^spaces/${ID}/code$`), method: 'POST', session: true, run: newCode },
  { pattern: new RegExp(`^spaces/${ID}/(suspend|resume|remove)$`), method: 'POST', session: true, run: changeState },
  { pattern: /^changes$/, method: 'GET', session: true, run: changes },
  { pattern: /^publications$/, method: 'GET', session: true, run: publications },
  { pattern: /^kiosks$/, method: 'GET', session: true, run: kiosks },
  { pattern: /^kiosks\/(k-[A-Za-z0-9_-]{16})\/revoke$/, method: 'POST', session: true, run: revoke },
];

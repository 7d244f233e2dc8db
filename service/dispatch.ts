import { isMethodName, METHODS, roleAllows } from '../core/api.js';
import { KioskError } from '../core/errors.js';
import { answerWithoutBlocking, retryWhileBusy } from '../db/busy-retry.js';
import { notRead } from '../db/open.js';
import { HANDLERS, type Call } from './api-handlers.js';
import { CallLimits, PERSON_PACED, rateLimited, tooManyCalls, tooManyDayPasses } from './call-limits.js';
import type { Kiosk } from './kiosk.js';
import type { Actor } from './sessions.js';
import { UNNAMED_SCREEN, type Screen } from './staff-access.js';
import { parseInput } from './validate.js';

/** One client's line to the service (a WebSocket, the Electron window, the command line): it holds that client's staff session. */
export interface Connection {
  session: string | null;
  /** Where the client is; without it, a screen elsewhere (a staff badge alone never signs it in). */
  screen?: Screen;
  /** Who acts without a session: the command line, run by whoever holds the database file. */
  actor?: Actor;
}

/** Each client's rate limits, kept as long as its connection is. */
const limits = new WeakMap<Connection, CallLimits>();

/**
 * The one path from a transport (IPC, WebSocket, the command line) into the service: the client must be within
 * its rate limits (service/call-limits.ts, and its screen's in service/flood-guard.ts), the
 * method must be in the contract, the caller's session must hold the role it needs (checked
 * here, whatever the UI shows), and the input must pass the method's schema: the domain services
 * take it typed and do not check it again. A database that another program holds locked is tried
 * again, between turns of the event loop, for up to 2 s; still locked, a full disk or an I/O error
 * is never an internal error: a write says what was not saved and why (db/write-tx.ts), a read
 * that the database could not be read.
 */
export async function dispatch(kiosk: Kiosk, method: string, input: unknown, connection: Connection): Promise<unknown> {
  const screen = connection.screen ?? UNNAMED_SCREEN;
  const source = screen.id;
  if (!limits.has(connection)) limits.set(connection, new CallLimits());
  const over = limits.get(connection)!.over(method);
  if (over === 'taps') kiosk.flood.tapRefused(source);
  if (over) throw rateLimited(over);
  // A source's sockets share its taps, so opening more of them guesses no faster.
  if (PERSON_PACED.has(method) && !kiosk.flood.tapAllowed(source)) throw rateLimited('taps');
  if (!isMethodName(method)) throw new KioskError(`unknown method "${method.slice(0, 60)}"`, 'invalid');
  const spec = METHODS[method];
  const held = connection.actor ?? kiosk.staff.sessionActor(connection.session);
  if (held === 'locked') connection.session = null;
  const actor = held === 'locked' ? null : held;
  if (!roleAllows(actor?.role ?? 'kiosk', spec.role)) {
    const why =
      held === 'locked'
        ? 'staff mode locked itself after 2 minutes idle: sign in again'
        : actor
          ? `${method} needs ${spec.role} rights`
          : `${method} needs a ${spec.role} to sign in first`;
    throw new KioskError(why, 'forbidden', {
      detail: held === 'locked' || !actor ? { what: 'signed_out', locked: held === 'locked' } : { what: 'needs_role', role: spec.role },
    });
  }
  const parsed = parseInput(spec.input, input ?? {});
  // Staff selling at the desk are not limited: they see who is buying.
  if (method === 'sellDayPass' && !actor && !kiosk.flood.dayPassAllowed(source)) throw tooManyDayPasses();
  if (method === 'callStaff' && !actor && !kiosk.flood.callAllowed(source)) throw tooManyCalls();
  const call: Call = { actor, session: connection.session, screen };
  const handler = HANDLERS[method] as (kiosk: Kiosk, input: unknown, call: Call) => unknown;
  answerWithoutBlocking(kiosk.db);
  let result: unknown;
  try {
    result = await retryWhileBusy(() => handler(kiosk, parsed, call));
  } catch (error) {
    kiosk.storage.noticed(error);
    throw notRead(error);
  }
  if (method === 'signIn') {
    const { token, ...reply } = result as { token?: string };
    if (token) connection.session = token;
    return reply;
  }
  if (method === 'signOut') connection.session = null;
  return result;
}

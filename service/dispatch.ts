import { isMethodName, METHODS, roleAllows, type MethodName } from '../core/api.js';
import { KioskError } from '../core/errors.js';
import { answerWithoutBlocking, retryWhileBusy } from '../db/busy-retry.js';
import { notRead, notSaved } from '../db/open.js';
import { HANDLERS, type Call } from './api-handlers.js';
import { CallLimits, PERSON_PACED, rateLimited, tooManyDayPasses } from './call-limits.js';
import type { KioskService } from './kiosk-service.js';
import { UNNAMED_SCREEN, type Screen } from './staff-access.js';
import { parseInput } from './validate.js';

/** One client's line to the service (a WebSocket, the Electron window): it holds that client's staff session. */
export interface Connection {
  session: string | null;
  /** Where the client is; without it, a screen elsewhere (a staff badge alone never signs it in). */
  screen?: Screen;
}

/** Each client's rate limits, kept as long as its connection is. */
const limits = new WeakMap<Connection, CallLimits>();

/**
 * What each method saves, in words for "… was not saved: the disk is full"; null for a method
 * that only reads. Every method is listed, so a new one has to say which it is.
 */
const SAVES: Record<MethodName, string | null> = {
  kioskInfo: null,
  checkin: 'the check-in',
  sellDayPass: 'the day pass',
  callStaff: null,
  expectVisit: 'the expected visit',
  listStatus: null,
  readerStatuses: null,
  importFeed: 'the visa list',
  importCsv: 'the visa list',
  syncNow: 'the visa list',
  getSetting: null,
  setSetting: 'the setting',
  unsetSetting: 'the setting',
  listSettings: null,
  addStaff: 'the staff account',
  listStaff: null,
  disableStaff: 'disabling the staff account',
  staffNames: null,
  signIn: 'the sign-in',
  signOut: null,
  todaysVisits: null,
  overrideVisit: 'the override',
  voidVisit: 'voiding the visit',
  searchMembers: null,
  checkinMember: 'the check-in',
  auditLog: null,
  erasePerson: 'the erasure',
  printerStatus: null,
  testPrint: null,
  reprintBadge: 'the reprint',
  prepareExport: 'the export request',
};

/**
 * The one path from a transport (IPC, WebSocket) into the service: the client must be within
 * its rate limits (service/call-limits.ts, and its screen's in service/flood-guard.ts), the
 * method must be in the contract, the caller's session must hold the role it needs (checked
 * here, whatever the UI shows), and the input must pass the method's schema. A database that
 * another program holds locked is tried again, between turns of the event loop, for up to 2 s;
 * still locked, a full disk or an I/O error is answered here, for every method, with what was
 * not saved and why (or that the database is busy, for a method that only reads), never as an
 * internal error.
 */
export async function dispatch(service: KioskService, method: string, input: unknown, connection: Connection): Promise<unknown> {
  const screen = connection.screen ?? UNNAMED_SCREEN;
  const source = screen.id;
  if (!limits.has(connection)) limits.set(connection, new CallLimits());
  const over = limits.get(connection)!.over(method);
  if (over === 'taps') service.flood.tapRefused(source);
  if (over) throw rateLimited(over);
  // A source's sockets share its taps, so opening more of them guesses no faster.
  if (PERSON_PACED.has(method) && !service.flood.tapAllowed(source)) throw rateLimited('taps');
  if (!isMethodName(method)) throw new KioskError(`unknown method "${method.slice(0, 60)}"`, 'invalid');
  const spec = METHODS[method];
  const held = service.sessionActor(connection.session);
  if (held === 'locked') connection.session = null;
  const actor = held === 'locked' ? null : held;
  if (!roleAllows(actor?.role ?? 'kiosk', spec.role)) {
    const why = held === 'locked' ? 'staff mode locked itself after 2 minutes idle: sign in again' : actor ? `${method} needs ${spec.role} rights` : `${method} needs a ${spec.role} to sign in first`;
    throw new KioskError(why, 'forbidden', { detail: held === 'locked' || !actor ? { what: 'signed_out', locked: held === 'locked' } : { what: 'needs_role', role: spec.role } });
  }
  const parsed = parseInput(spec.input, input ?? {});
  // Staff selling at the desk are not limited: they see who is buying.
  if (method === 'sellDayPass' && !actor && !service.flood.dayPassAllowed(source)) throw tooManyDayPasses();
  const call: Call = { actor, session: connection.session, screen };
  const handler = HANDLERS[method as MethodName] as (service: KioskService, input: unknown, call: Call) => unknown;
  answerWithoutBlocking(service.db);
  let result: unknown;
  try {
    result = await retryWhileBusy(() => handler(service, parsed, call));
  } catch (error) {
    service.storage.noticed(error);
    const what = SAVES[method];
    throw what === null ? notRead(error) : notSaved(what, error);
  }
  if (method === 'signIn') {
    const { token, ...reply } = result as { token?: string };
    if (token) connection.session = token;
    return reply;
  }
  if (method === 'signOut') connection.session = null;
  return result;
}

import type { EventName } from '../core/api.js';
import type { CheckinResult } from '../core/api/checkin.js';
import { KioskError, wireError } from '../core/errors.js';
import { EVENT_NAMES } from '../core/method-names.js';
import type { Outcome } from '../core/outcome.js';
import { dispatch, type Connection } from './dispatch.js';
import type { Kiosk } from './kiosk.js';
import type { EventOrigin } from './kiosk/events.js';
import { hearing, type Listener } from './screen-routing.js';
import type { Actor } from './sessions.js';
import type { Screen } from './staff-access.js';
import { withoutTicket } from './staff-taps.js';

export type Log = (line: string) => void;

/**
 * Runs a call and wraps what came of it: a KioskError keeps its code and message (the user can
 * act on it), anything else is logged here and reaches the client as a bare "internal".
 */
export async function outcomeOf<T>(what: string, run: () => T | Promise<T>, log: Log): Promise<Outcome<T>> {
  try {
    return { ok: true, result: await run() };
  } catch (error) {
    if (error instanceof KioskError) return { ok: false, error: wireError(error) };
    log(`${what} failed: ${(error as Error)?.stack ?? String(error)}`);
    return { ok: false, error: { code: 'internal', message: 'the kiosk hit an internal error' } };
  }
}

/**
 * One client's line to the service, whatever carries it (the Electron window's IPC, a screen's
 * WebSocket): its calls go through dispatch on the client's own connection, so its staff session
 * and rate limits are its own, and every call is answered with an Outcome, never thrown.
 */
export class ClientLine {
  readonly connection: Connection;

  constructor(
    readonly service: Kiosk,
    readonly screen: Screen,
    readonly log: Log,
    actor?: Actor,
  ) {
    this.connection = { session: null, screen, ...(actor && { actor }) };
  }

  /** A call as it arrives off the wire: the method name is checked to be text here, the rest by dispatch. */
  call(method: unknown, input: unknown): Promise<Outcome> {
    if (typeof method !== 'string') {
      return Promise.resolve({ ok: false, error: { code: 'invalid', message: 'the method name must be text' } });
    }
    // Async methods (imports, sync) resolve inside outcomeOf, so their refusals travel as data too.
    return outcomeOf(method, () => dispatch(this.service, method, input, this.connection), this.log);
  }

  /** Something else the client asks of this line (an export saved in-process): its outcome, as for a call. */
  run<T>(what: string, work: () => T | Promise<T>): Promise<Outcome<T>> {
    return outcomeOf(what, work, this.log);
  }

  /** The client went away: its staff session ends with it. */
  close(): void {
    this.service.staff.signOut(this.connection.session);
  }
}

/** The command line, as dispatch sees it: not a screen of the kiosk's, so a staff badge it checks opens nothing. */
export const COMMAND_LINE: Screen = { id: 'command line', local: false };

/**
 * What a screen hears of an event, or undefined when it is not for that screen (service/screen-routing.ts).
 * A staff badge's sign-in ticket travels with a reader's tap only to screens of the kiosk's own
 * machine: a screen elsewhere (paired with the token) never hears it.
 */
export function heardAt(listener: Listener, event: EventName, payload: unknown, origin?: EventOrigin): unknown {
  const heard = hearing(origin, listener);
  if (heard === null) return undefined;
  const told = heard === 'shared' ? { ...(payload as object), shared: true } : payload;
  return event === 'checkin' && !listener.screen.local ? withoutTicket(told as CheckinResult) : told;
}

/**
 * Hands every event of the contract to a transport, with what each of its lines hears of it
 * (heardAt; undefined: nothing); returns how to stop.
 */
export function forwardEvents(service: Kiosk, deliver: (event: EventName, payloadFor: (line: ClientLine) => unknown) => void): () => void {
  const stops = EVENT_NAMES.map((event) => {
    const listener = (payload: unknown, origin?: EventOrigin) =>
      deliver(event, (line) => heardAt({ screen: line.screen, staff: service.staff.signedIn(line.connection.session) }, event, payload, origin));
    service.events.on(event, listener);
    return () => service.events.off(event, listener);
  });
  return () => stops.forEach((stop) => stop());
}

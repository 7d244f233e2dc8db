import { isMethodName, METHODS, roleAllows, type MethodName } from '../core/api.js';
import { KioskError } from '../core/errors.js';
import { HANDLERS, type Call } from './api-handlers.js';
import type { KioskService } from './kiosk-service.js';
import { parseInput } from './validate.js';

/** One client's line to the service (a WebSocket, the Electron window): it holds that client's staff session. */
export interface Connection {
  session: string | null;
}

/**
 * The one path from a transport (IPC, WebSocket) into the service: the method must be in the
 * contract, the caller's session must hold the role it needs (checked here, whatever the UI
 * shows), and the input must pass the method's schema.
 */
export async function dispatch(service: KioskService, method: string, input: unknown, connection: Connection): Promise<unknown> {
  if (!isMethodName(method)) throw new KioskError(`unknown method "${method.slice(0, 60)}"`, 'invalid');
  const spec = METHODS[method];
  const held = service.sessionActor(connection.session);
  if (held === 'locked') connection.session = null;
  const actor = held === 'locked' ? null : held;
  if (!roleAllows(actor?.role ?? 'kiosk', spec.role)) {
    const why = held === 'locked' ? 'staff mode locked itself after 2 minutes idle: sign in again' : actor ? `${method} needs ${spec.role} rights` : `${method} needs a ${spec.role} to sign in first`;
    throw new KioskError(why, 'forbidden');
  }
  const parsed = parseInput(spec.input, input ?? {});
  const call: Call = { actor, session: connection.session };
  const handler = HANDLERS[method as MethodName] as (service: KioskService, input: unknown, call: Call) => unknown;
  const result = await handler(service, parsed, call);
  if (method === 'signIn') {
    const { token, ...signedIn } = result as { token: string };
    connection.session = token;
    return signedIn;
  }
  if (method === 'signOut') connection.session = null;
  return result;
}

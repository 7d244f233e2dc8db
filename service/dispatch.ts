import { isMethodName, METHODS, roleAllows, type MethodName } from '../core/api.js';
import { KioskError } from '../core/errors.js';
import type { Role } from '../core/vocabulary.js';
import type { KioskService } from './kiosk-service.js';
import { parseInput } from './validate.js';

/**
 * The one path from a transport (IPC, WebSocket) into the service: the method must be in
 * the contract, the caller's role must allow it, and the input must pass its schema.
 */
export function dispatch(service: KioskService, method: string, input: unknown, role: Role): unknown {
  if (!isMethodName(method)) throw new KioskError(`unknown method "${method.slice(0, 60)}"`, 'invalid');
  const spec = METHODS[method];
  if (!roleAllows(role, spec.role)) throw new KioskError(`${method} needs ${spec.role} rights`, 'forbidden');
  const parsed = parseInput(spec.input, input ?? {});
  const call = service[method as MethodName] as (input: unknown) => unknown;
  return call.call(service, parsed);
}

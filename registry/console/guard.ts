import type http from 'node:http';
import { CONSOLE_HEADER, CONSOLE_HEADER_VALUE } from '../../core/registry/console-api.js';
import { Refusal } from '../http/reply.js';

/**
 * Refuses a write that did not come from the console page itself: one without the console's
 * header, or one whose Origin is another site (a cross-site form or script).
 */
export function requireSameSite(request: http.IncomingMessage): void {
  const origin = request.headers.origin;
  let sameHost = true;
  if (origin !== undefined) {
    try {
      sameHost = new URL(origin).host === request.headers.host;
    } catch {
      sameHost = false;
    }
  }
  if (request.headers[CONSOLE_HEADER] !== CONSOLE_HEADER_VALUE || !sameHost)
    throw new Refusal(403, 'cross_site', 'this request did not come from the console page: open the console and try again');
}

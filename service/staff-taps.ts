import type { CheckinResult } from '../core/api/checkin.js';

/**
 * What every screen hears of a check-in. A staff badge's value is never said: a screen that
 * heard it could replay it. Its sign-in ticket travels only with a reader's tap, for the kiosk's
 * own screens (the web server keeps it from screens elsewhere); a badge typed at a screen gets
 * its ticket in that screen's reply alone.
 */
export function broadcastOf(result: CheckinResult, fromReader: boolean): CheckinResult {
  if (result.decision !== 'staff') return result;
  const { staffTicket, ...rest } = result;
  return { ...rest, credential: { kind: result.credential.kind, value: '' }, ...(fromReader && staffTicket && { staffTicket }) };
}

/** The event as a screen on another machine hears it: no ticket, whatever read the badge. */
export function withoutTicket(result: CheckinResult): CheckinResult {
  if (!result.staffTicket) return result;
  const { staffTicket: _ticket, ...rest } = result;
  return rest;
}

/** A visitor's result with the badge number as they typed it; a staff badge's is never repeated. */
export function withTyped(result: CheckinResult, typed: string | undefined): CheckinResult {
  return typed === undefined || result.decision === 'staff' ? result : { ...result, typed };
}

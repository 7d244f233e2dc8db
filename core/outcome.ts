import type { ErrorDetail } from './errors.js';

/** A refusal the service makes on purpose: the caller can act on it (see core/errors.ts). */
export type RefusalCode = 'invalid' | 'refused' | 'not_found' | 'forbidden' | 'not_saved' | 'rate_limited' | 'day_pass_limit';

/**
 * Every way a call can fail, as a client hears it: the service's refusals, `internal` for a bug
 * or I/O failure (its details go to the kiosk's log, never to a screen), and `offline` when the
 * client cannot reach the service at all.
 */
export type ErrorCode = RefusalCode | 'internal' | 'offline';

export interface Failure {
  code: ErrorCode;
  message: string;
  /** How long before the same call may be tried again, for a screen to say in its own language. */
  retryAfterSeconds?: number;
  /** What a refusal is about, for a screen to word in its own language (renderer/error-message.ts). */
  detail?: ErrorDetail;
}

/** The reply envelope of every transport (IPC, WebSocket, the command line): a value, or why not. */
export type Outcome<T = unknown> = { ok: true; result: T } | { ok: false; error: Failure };

/** A failure as a client's call rejects with it: an Error that keeps its code. */
export type CallError = Error & Failure;

export function callError(failure: Failure): CallError {
  return Object.assign(new Error(failure.message), failure);
}

/** The value of an outcome, or its failure thrown as a CallError. */
export function resultOf<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw callError(outcome.error);
  return outcome.result;
}

/** What a client says when the service cannot be reached, or the line to it dropped mid-call. */
export function offline(message: string): CallError {
  return callError({ code: 'offline', message });
}

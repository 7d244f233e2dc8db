import type http from 'node:http';
import { KioskError } from '../../core/errors.js';
import { StoreRefusal } from '../store/refusal.js';

/** A request the registry refuses: its status, a code for programs and one sentence for people. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** The input field it is about, when one is: a form names it in its own words. */
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

const STATUS_OF_REFUSAL: Record<string, number> = { invalid: 400, not_found: 404, forbidden: 403, refused: 409, not_saved: 503 };

/** A store's KioskError as the status it means: a missing row 404, another space's row 403, a clash 409. */
export function refusalOf(error: KioskError): Refusal {
  const status = STATUS_OF_REFUSAL[error.code] ?? 400;
  const code = error instanceof StoreRefusal ? error.reason : status === 409 ? 'conflict' : error.code;
  return new Refusal(status, code, error.message);
}

/** An Allow header's value: every method a path takes, HEAD wherever GET is. */
export const allowHeader = (methods: string[]): string => methods.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])).join(', ');

export function sendJson(response: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(body);
}

export function sendRefusal(response: http.ServerResponse, refusal: Refusal): void {
  const error = { code: refusal.code, message: refusal.message, ...(refusal.field !== null && { field: refusal.field }) };
  sendJson(response, refusal.status, { error }, refusal.headers);
}

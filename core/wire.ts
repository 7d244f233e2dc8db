import { z } from 'zod';
import type { WireError } from './errors.js';

/** Messages on the WebSocket transport: a request names a contract method, a reply echoes its id. */
export const WireRequest = z.strictObject({
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  input: z.unknown().optional(),
});
export type WireRequest = z.infer<typeof WireRequest>;

export type WireReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: WireError };

export interface WireEvent {
  event: string;
  payload: unknown;
}

/** The path of the WebSocket endpoint beside the kiosk page. */
export const WIRE_PATH = '/api';

/** Where a prepared export is downloaded, once: /exports/<ticket>/<file name>. */
export function exportPath(ticket: string, fileName: string): string {
  return `/exports/${ticket}/${fileName}`;
}

/** The ticket and file name of an export's path; null for any other path. */
export function parseExportPath(pathname: string): { ticket: string; fileName: string } | null {
  const match = /^\/exports\/([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9._-]{1,100})$/.exec(pathname);
  return match ? { ticket: match[1]!, fileName: match[2]! } : null;
}

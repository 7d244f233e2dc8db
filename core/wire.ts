import { z } from 'zod';

/** Messages on the WebSocket transport: a request names a contract method, a reply echoes its id. */
export const WireRequest = z.strictObject({
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  input: z.unknown().optional(),
});
export type WireRequest = z.infer<typeof WireRequest>;

export type WireReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: string; message: string } };

export interface WireEvent {
  event: string;
  payload: unknown;
}

/** The path of the WebSocket endpoint beside the kiosk page. */
export const WIRE_PATH = '/api';

import { z } from 'zod';
import type { StaffCall } from './checkin.js';

/** The front desk's outbox as staff screens see it: calls nobody dismissed yet, and how the webhook is doing. */

/** Why the webhook did not take a notice, for a screen to word. */
export type WebhookFailure = { kind: 'refused' } | { kind: 'timeout' } | { kind: 'unreachable' } | { kind: 'status'; status: number };

/** A visitor's call for staff that stays on staff screens until someone dismisses it. */
export interface OpenCall extends StaffCall {
  /** When a staff screen first showed it; null: no screen has yet. */
  heardAt: string | null;
  /** When the webhook took it (answered 2xx); null: not yet, or no webhook is set. */
  deliveredAt: string | null;
}

export interface WebhookState {
  /** Notices kept for the webhook, not taken yet. */
  waiting: number;
  /** The latest refusal of a notice still waiting; null while nothing is failing. */
  failure: WebhookFailure | null;
  failedAt: string | null;
}

export interface DeskCalls {
  calls: OpenCall[];
  /** Null when no webhook is set (desk.webhookUrl). */
  webhook: WebhookState | null;
}

/** Which channel took a call: a webhook that answered 2xx, or a staff screen that showed it. */
export type CallTaker = 'webhook' | 'screen';

/** What the visitor's screen hears back: the call is kept either way; `takenBy` null means nobody has it yet. */
export interface StaffCallReply extends StaffCall {
  takenBy: CallTaker | null;
}

const NoticeId = z.uuid({ error: 'must be the id of a call (a UUID)' });

export const CallIdsInput = z.strictObject({ ids: z.array(NoticeId).min(1).max(100) });
export const CallIdInput = z.strictObject({ id: NoticeId });

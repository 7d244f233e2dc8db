import { wordNotice, type NoticeLanguage } from './desk-notice-words.js';

/**
 * What the kiosk tells the front desk through its outbox, and how a webhook is sent it: pure,
 * shared by the service and its tests. Messages are in the kiosk's language: they land in its team's chat.
 */

export type NoticeKind = 'staff_call' | 'visa_checkin' | 'day_pass' | 'badge_failed';

export type NoticeFacts =
  | { kind: 'staff_call'; name: string | null; credential: { kind: string; value: string } | null }
  | { kind: 'visa_checkin'; visitId: number; name: string; homeSpace: string | null }
  | { kind: 'day_pass'; visitId: number; name: string; price: string | null; currency: string | null }
  | { kind: 'badge_failed'; visitId: number; name: string | null };

/** One notice of the outbox: its id (a UUID) is the same in every delivery of it. */
export type DeskNotice = NoticeFacts & { id: string; at: string; space: { id: string; name: string; timezone: string } | null };

export type { NoticeLanguage };

export type WebhookFormat = 'slack' | 'teams' | 'json';
export const WEBHOOK_FORMATS = ['slack', 'teams', 'json'] as const satisfies readonly WebhookFormat[];

function timeAt(at: string, timezone: string | undefined): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: timezone }).format(new Date(at));
}

/** The notice as one line a person reads in a chat, in the kiosk's language. */
export function noticeText(notice: DeskNotice, language: NoticeLanguage): string {
  return wordNotice(notice, { space: notice.space?.name ?? null, when: timeAt(notice.at, notice.space?.timezone) }, language);
}

/** The request body for a webhook of the given format: Slack's `{"text"}`, a Teams message card, or the notice itself. */
export function webhookBody(notice: DeskNotice, format: WebhookFormat, language: NoticeLanguage): unknown {
  const text = noticeText(notice, language);
  switch (format) {
    case 'slack':
      return { text };
    case 'teams':
      return {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            contentUrl: null,
            content: {
              $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
              type: 'AdaptiveCard',
              version: '1.2',
              body: [{ type: 'TextBlock', text, wrap: true }],
            },
          },
        ],
      };
    case 'json': {
      const { space, ...facts } = notice;
      return { ...facts, spaceId: space?.id ?? null, spaceName: space?.name ?? null, text };
    }
  }
}

/** The header every delivery carries the notice's id in, whatever the format: Slack and Teams bodies have no room for it. */
export const NOTICE_ID_HEADER = 'Idempotency-Key';

/**
 * How long to wait before trying the webhook again after `failures` refusals in a row: the
 * first wait, doubling each time, never longer than the cap.
 */
export function retryDelayMs(failures: number, firstMs: number, capMs: number): number {
  if (failures <= 0) return 0;
  return Math.min(capMs, firstMs * 2 ** Math.min(failures - 1, 30));
}

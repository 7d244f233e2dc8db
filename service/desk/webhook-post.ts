import type { WebhookFailure } from '../../core/api/desk-calls.js';
import { NOTICE_ID_HEADER, webhookBody, type DeskNotice, type NoticeLanguage, type WebhookFormat } from '../../core/desk-notice.js';

/** Why a request failed before any answer, as data: refused, timed out, or anything else on the way. */
export function failureOf(error: unknown, timedOut: boolean): WebhookFailure {
  if (timedOut) return { kind: 'timeout' };
  for (let e = error as { code?: unknown; cause?: unknown } | null; e; e = e.cause as typeof e) {
    if (e.code === 'ECONNREFUSED') return { kind: 'refused' };
  }
  return { kind: 'unreachable' };
}

/**
 * Posts one notice to the webhook, worded in `language`: null when it answered 2xx (it has the notice), else why not.
 * Any other answer, a timeout or a refused connection is a failure to try again later.
 */
export async function postNotice(
  url: string,
  notice: DeskNotice,
  format: WebhookFormat,
  language: NoticeLanguage,
  { timeoutMs, stop }: { timeoutMs: number; stop: AbortSignal },
): Promise<WebhookFailure | null> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [NOTICE_ID_HEADER]: notice.id },
      body: JSON.stringify(webhookBody(notice, format, language)),
      signal: AbortSignal.any([timeout, stop]),
    });
    // The answer's body is not read: only its status says whether the notice was taken.
    await response.body?.cancel();
    return response.ok ? null : { kind: 'status', status: response.status };
  } catch (error) {
    return failureOf(error, timeout.aborted);
  }
}

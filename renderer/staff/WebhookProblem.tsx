import { useTranslation } from 'react-i18next';
import type { WebhookFailure, WebhookState } from '../../core/api/desk-calls';
import { timeOf, type Place } from './format';

function whyKey(failure: WebhookFailure) {
  return `help.webhookWhy.${failure.kind}` as const;
}

/** The webhook is not taking the desk's notices: what it last said, and that the kiosk keeps them and tries again. */
export function WebhookProblem(props: { webhook: WebhookState; place: Place }) {
  const { t, i18n } = useTranslation();
  const { failure, failedAt, waiting } = props.webhook;
  if (!failure || !failedAt) return null;
  const why = t(whyKey(failure), failure.kind === 'status' ? { status: failure.status } : {});
  return (
    <section className="help-call not-saved" role="status">
      <p>{t('help.webhookFailed', { count: waiting, why, time: timeOf(failedAt, i18n.language, props.place) })}</p>
    </section>
  );
}

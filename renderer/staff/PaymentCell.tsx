import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../core/api';
import type { VisitView } from '../../core/api/desk';
import { PaymentMethod } from '../../core/api/presence';
import { useCall } from '../hooks/useCall';

/** A day pass paid at the desk: unpaid until staff say how it was paid; then who took it. */
export function PaymentCell(props: { api: KioskApi; visit: VisitView; describedBy: string; onPaid: (visit: VisitView) => void }) {
  const { t } = useTranslation();
  const { visit } = props;
  const [choosing, setChoosing] = useState(false);
  const { busy, error, run } = useCall();
  if (visit.payment) {
    const method = t(`presence.methods.${visit.payment.method}`);
    return <span className="mark paid">{visit.payment.by ? t('presence.paidBy', { method, name: visit.payment.by }) : t('presence.paid', { method })}</span>;
  }
  return (
    <span className="payment">
      <span className="mark unpaid">{t('presence.unpaid')}</span>
      {!choosing && (
        <button type="button" aria-describedby={props.describedBy} onClick={() => setChoosing(true)}>
          {t('presence.markPaid')}
        </button>
      )}
      {choosing && (
        <span role="group" aria-label={t('presence.howPaid', { name: visit.name ?? '' })} className="row-actions">
          {PaymentMethod.options.map((method) => (
            <button key={method} type="button" disabled={busy} onClick={() => run(() => props.api.markPaid({ visitId: visit.id, method }), props.onPaid)}>
              {t(`presence.methods.${method}`)}
            </button>
          ))}
        </span>
      )}
      {error && <span role="alert">{error}</span>}
    </span>
  );
}

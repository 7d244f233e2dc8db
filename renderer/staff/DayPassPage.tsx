import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../core/api';
import type { KioskInfo } from '../../core/api/kiosk-info';
import { dayPassInput, GuestForm, type GuestDetails } from '../components/GuestForm';
import { useCall } from '../hooks/useCall';
import { formatPrice } from '../i18n';

/** The visitor's day-pass form, filled in and sold at the desk. */
export function DayPassPage({ api, info }: { api: KioskApi; info: KioskInfo }) {
  const { t, i18n } = useTranslation();
  const { busy, error, run, setError } = useCall();
  const [notice, setNotice] = useState<string | null>(null);
  // A new key gives a blank form for the next guest.
  const [form, setForm] = useState(0);
  if (!info.dayPass) return <p>{t('dayPass.none')}</p>;
  const price = formatPrice(info.dayPass.price, info.dayPass.currency, i18n.language);

  const sell = (details: GuestDetails) =>
    run(
      () => api.sellDayPass(dayPassInput(details)),
      (pass) => {
        const paid = pass.price && pass.currency ? ` ${t('dayPass.take', { price: formatPrice(pass.price, pass.currency, i18n.language) })}` : '';
        setNotice(t('dayPass.sold', { name: pass.name }) + paid);
        setForm((f) => f + 1);
      },
    );
  const clear = () => {
    setNotice(null);
    setError(null);
    setForm((f) => f + 1);
  };

  return (
    <section aria-labelledby="day-pass-heading" className="day-pass">
      <h2 id="day-pass-heading">{t('dayPass.heading')}</h2>
      <p>{t('guest.price', { price })}</p>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <GuestForm key={form} price={price} retentionDays={info.retentionDays} busy={busy} error={error} onSubmit={sell} onCancel={clear} />
    </section>
  );
}

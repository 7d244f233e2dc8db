import { useTranslation } from 'react-i18next';
import type { KioskInfo } from '../../core/api/kiosk-info';
import { GuestForm, type GuestDetails } from '../components/GuestForm';
import { formatPrice } from '../i18n';

export type { GuestDetails };

/** A visitor buying a day pass at the kiosk. */
export function GuestScreen(props: {
  info: KioskInfo;
  initialName?: string;
  busy: boolean;
  error: string | null;
  onSubmit: (details: GuestDetails) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const price = props.info.dayPass ? formatPrice(props.info.dayPass.price, props.info.dayPass.currency, i18n.language) : '';
  return (
    <main className="screen form-screen">
      <h1>{t('guest.heading')}</h1>
      <p>{t('guest.price', { price })}</p>
      <GuestForm
        price={price}
        retentionDays={props.info.retentionDays}
        {...(props.initialName !== undefined && { initialName: props.initialName })}
        busy={props.busy}
        error={props.error}
        onSubmit={props.onSubmit}
        onCancel={props.onCancel}
      />
    </main>
  );
}

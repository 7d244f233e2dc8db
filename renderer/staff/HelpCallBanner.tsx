import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffCall } from '../../core/api/checkin';
import type { KioskClient } from '../api-client';
import { timeOf, type Place } from './format';

/** A visitor pressed "Call staff": hard to miss, whatever page staff are on, until dismissed. */
export function HelpCallBanner(props: { client: KioskClient; place: Place }) {
  const { t, i18n } = useTranslation();
  const [call, setCall] = useState<StaffCall | null>(null);
  useEffect(() => props.client.on('staffCalled', setCall), [props.client]);
  if (!call) return null;
  return (
    <section className="help-call" role="alert">
      <div>
        <h2>{t('help.heading')}</h2>
        <p>
          {[
            call.name,
            call.credential && t('help.badge', { value: call.credential.value }),
            t('help.at', { time: timeOf(call.at, i18n.language, props.place) }),
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      </div>
      <button type="button" className="secondary" onClick={() => setCall(null)}>
        {t('help.dismiss')}
      </button>
    </section>
  );
}

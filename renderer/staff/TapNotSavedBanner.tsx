import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TapNotSaved } from '../../core/api/checkin';
import type { KioskClient } from '../api-client';
import { detailText } from '../error-message';
import { timeOf, type Place } from './format';

/**
 * A reader's tap the database could not save (locked by another program, disk full): the
 * visitor was asked to tap again; the front desk sees why, whatever page it is on, until dismissed.
 */
export function TapNotSavedBanner(props: { client: KioskClient; place: Place }) {
  const { t, i18n } = useTranslation();
  const [fault, setFault] = useState<TapNotSaved | null>(null);
  useEffect(() => props.client.on('tapNotSaved', setFault), [props.client]);
  if (!fault) return null;
  const why = fault.reason !== 'other' ? t(`tapNotSaved.${fault.reason}`) : fault.detail ? detailText(t, fault.detail) : t('problem.refused');
  return (
    <section className="help-call not-saved" role="alert">
      <div>
        <h2>{t('tapNotSaved.staffHeading', { reader: fault.readerId })}</h2>
        <p>{[why, t('tapNotSaved.asked'), t('tapNotSaved.at', { time: timeOf(fault.at, i18n.language, props.place) })].join(' · ')}</p>
      </div>
      <button type="button" className="secondary" onClick={() => setFault(null)}>
        {t('help.dismiss')}
      </button>
    </section>
  );
}

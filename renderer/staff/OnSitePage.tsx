import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OnSite } from '../../core/api/presence';
import type { KioskClient } from '../api-client';
import { useCall } from '../hooks/useCall';
import { useLiveList } from '../hooks/useLiveList';
import { dateTimeOf, timeOf, type Place } from './format';
import './on-site-print.css';

const onSiteNow = (api: KioskClient['api']) => api.onSiteNow({});

/**
 * Who is in the building now, updated as people check in and out: for the desk, and printed
 * for a fire drill (the print styles keep the list alone on the page).
 */
export function OnSitePage(props: { client: KioskClient; place: Place; spaceName: string | null }) {
  const { t, i18n } = useTranslation();
  const { client } = props;
  const { items: people, loadError, load } = useLiveList(client, onSiteNow);
  const [notice, setNotice] = useState<string | null>(null);
  const [printedAt, setPrintedAt] = useState(() => new Date().toISOString());
  const { busy, error, run } = useCall();

  const print = () => {
    setPrintedAt(new Date().toISOString());
    // The heading takes the time first: printing waits for the next frame.
    requestAnimationFrame(() => window.print());
  };

  const checkOut = (person: OnSite) =>
    run(
      () => client.api.checkOutVisit({ visitId: person.visitId }),
      () => {
        setNotice(t('presence.checkedOutBy', { name: person.name ?? '' }));
        load();
      },
    );

  return (
    <section aria-labelledby="on-site-heading" className="on-site">
      <div className="page-head">
        <h2 id="on-site-heading">{t('presence.heading')}</h2>
        <button type="button" className="secondary no-print" onClick={print} disabled={people === null}>
          {t('presence.print')}
        </button>
      </div>
      <p className="print-only">{t('presence.printTitle', { space: props.spaceName ?? '', time: dateTimeOf(printedAt, i18n.language, props.place) })}</p>
      {notice && (
        <p role="status" className="notice no-print">
          {notice}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
      {loadError && <p role="alert">{loadError}</p>}
      {people === null && !loadError && <p>{t('staff.loading')}</p>}
      {people?.length === 0 && <p>{t('presence.empty')}</p>}
      {people && people.length > 0 && (
        <>
          <p className="on-site-count">{t('presence.count', { count: people.length })}</p>
          <table className="visits on-site-list">
            <thead>
              <tr>
                <th scope="col">{t('today.name')}</th>
                <th scope="col">{t('today.space')}</th>
                <th scope="col">{t('today.kind')}</th>
                <th scope="col">{t('presence.since')}</th>
                <th scope="col" className="no-print">
                  {t('today.actions')}
                </th>
              </tr>
            </thead>
            <tbody>
              {people.map((person) => (
                <tr key={person.visitId}>
                  <td id={`on-site-${person.visitId}`}>
                    <strong>{person.name ?? t('today.unknownBadge')}</strong>
                  </td>
                  <td>{person.homeSpace ?? '—'}</td>
                  <td>{person.kind ? t(`kind.${person.kind}`) : '—'}</td>
                  <td>{timeOf(person.since, i18n.language, props.place)}</td>
                  <td className="no-print actions-cell">
                    <div className="row-actions">
                      <button type="button" aria-describedby={`on-site-${person.visitId}`} disabled={busy} onClick={() => checkOut(person)}>
                        {t('presence.checkOut')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

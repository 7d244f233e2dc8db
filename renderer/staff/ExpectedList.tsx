import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../core/api';
import type { ExpectedVisit } from '../../core/api/checkin';
import { DayPicker } from '../components/DayPicker';
import { useCall } from '../hooks/useCall';
import { isolated } from '../quoted';
import { dateInWords, timeOf, type Place } from './format';

/** Who is expected on a day, announced by the member at the registry or by staff; each can be taken back. */
export function ExpectedList({ api, place, today, changed }: { api: KioskApi; place: Place; today: string; changed: number }) {
  const { t, i18n } = useTranslation();
  const [date, setDate] = useState(today);
  const [visits, setVisits] = useState<ExpectedVisit[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, run } = useCall();

  const load = useCallback(() => run(() => api.expectedVisits({ date }), setVisits), [api, date, run]);
  useEffect(() => {
    load();
  }, [load, changed]);

  const nameOf = (visit: ExpectedVisit) => visit.name ?? t('expected.unknownMember', { id: visit.memberId });
  const remove = (visit: ExpectedVisit) =>
    run(
      () => api.removeExpected({ memberId: visit.memberId, date: visit.date }),
      () => {
        setNotice(t('expected.removed', { name: isolated(nameOf(visit)), date: dateInWords(visit.date, i18n.language, place) }));
        load();
      },
    );
  const by = (visit: ExpectedVisit) =>
    visit.by === 'member'
      ? t('expected.byMember')
      : visit.by === 'staff'
        ? t('expected.byStaff', { name: isolated(visit.staffName ?? '') })
        : t('expected.byCommandLine');
  const day = dateInWords(date, i18n.language, place);

  return (
    <div className="expected-list">
      <DayPicker label={t('expected.listDay')} today={today} value={date} place={place} onChange={setDate} />
      <h3 id="expected-day">{t('expected.listHeading', { date: day })}</h3>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
      {visits?.length === 0 && <p>{t('expected.none', { date: day })}</p>}
      {visits && visits.length > 0 && (
        <ul aria-labelledby="expected-day" className="expected-visits">
          {visits.map((visit) => (
            <li key={visit.memberId}>
              <span>
                <strong>{isolated(nameOf(visit))}</strong> · {isolated(visit.spaceName ?? visit.space ?? '—')}
                <br />
                <small>
                  {by(visit)} · {timeOf(visit.registeredAt, i18n.language, place)}
                </small>
              </span>
              <button
                type="button"
                className="secondary"
                disabled={busy}
                aria-label={t('expected.removeNamed', { name: nameOf(visit) })}
                onClick={() => remove(visit)}
              >
                {t('expected.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

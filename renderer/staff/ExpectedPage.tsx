import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../core/api';
import type { MemberMatch } from '../../core/api/desk';
import { MemberSearch } from '../components/MemberSearch';
import { useCall } from '../hooks/useCall';
import { DayPicker } from '../components/DayPicker';
import { ExpectedList } from './ExpectedList';
import { dateInWords, dateTimeOf, localDateOf, type Place } from './format';

/** Advance notice for a visa visitor: who, and on which day. */
export function ExpectedPage({ api, place }: { api: KioskApi; place: Place }) {
  const { t, i18n } = useTranslation();
  const today = localDateOf(new Date(), place);
  const [member, setMember] = useState<MemberMatch | null>(null);
  const [date, setDate] = useState(today);
  const [notice, setNotice] = useState<string | null>(null);
  const [late, setLate] = useState<string | null>(null);
  const [added, setAdded] = useState(0);
  const { busy, error, run, setError } = useCall();

  const pick = (picked: MemberMatch | null) => {
    setMember(picked);
    setNotice(null);
    setLate(null);
    setError(null);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!member) return;
    run(
      () => api.expectVisit({ memberId: member.id, date }),
      (expected) => {
        setNotice(t('expected.done', { name: member.name, date: dateInWords(expected.date, i18n.language, place) }));
        setLate(expected.notice && t('expected.late', { hours: expected.notice.hours, time: dateTimeOf(expected.notice.countsFrom, i18n.language, place) }));
        setMember(null);
        setAdded((n) => n + 1);
      },
    );
  };

  return (
    <section aria-labelledby="expected-heading">
      <h2 id="expected-heading">{t('expected.heading')}</h2>
      <p>{t('expected.explain')}</p>
      <h3>{t('expected.addHeading')}</h3>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {late && <p className="warning">{late}</p>}
      {member ? (
        <form className="decision" onSubmit={submit}>
          <p className="emphasis">{t('expected.who', { name: member.name, space: member.spaceName ?? member.space })}</p>
          <DayPicker label={t('expected.date')} today={today} value={date} place={place} onChange={setDate} />
          {error && <p role="alert">{error}</p>}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('expected.submit')}
            </button>
            <button type="button" className="secondary" onClick={() => pick(null)}>
              {t('expected.another')}
            </button>
          </div>
        </form>
      ) : (
        <MemberSearch api={api} onPick={pick} />
      )}
      <ExpectedList api={api} place={place} today={today} changed={added} />
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../core/api';
import type { MemberMatch } from '../../core/api/desk';
import { MemberSearch } from '../components/MemberSearch';
import { useCall } from '../hooks/useCall';
import { DayPicker } from '../components/DayPicker';
import { dateInWords, localDateOf, type Place } from './format';

/** Advance notice for a visa visitor: who, and on which day. */
export function ExpectedPage({ api, place }: { api: KioskApi; place: Place }) {
  const { t, i18n } = useTranslation();
  const today = localDateOf(new Date(), place);
  const [member, setMember] = useState<MemberMatch | null>(null);
  const [date, setDate] = useState(today);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, run, setError } = useCall();

  const pick = (picked: MemberMatch | null) => {
    setMember(picked);
    setNotice(null);
    setError(null);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!member) return;
    run(
      () => api.expectVisit({ memberId: member.id, date }),
      (expected) => {
        setNotice(t('expected.done', { name: member.name, date: dateInWords(expected.date, i18n.language, place) }));
        setMember(null);
      },
    );
  };

  return (
    <section aria-labelledby="expected-heading">
      <h2 id="expected-heading">{t('expected.heading')}</h2>
      <p>{t('expected.explain')}</p>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
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
    </section>
  );
}

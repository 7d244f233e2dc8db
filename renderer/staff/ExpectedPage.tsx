import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi, MemberMatch } from '../../core/api';
import { MemberSearch } from '../components/MemberSearch';
import { useCall } from '../hooks/useCall';
import { localDateOf } from './format';

/** Advance notice for a visa visitor: who, and on which day. */
export function ExpectedPage({ api, timeZone }: { api: KioskApi; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const today = localDateOf(new Date(), timeZone);
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
        setNotice(t('expected.done', { name: member.name, date: expected.date }));
        setMember(null);
      },
    );
  };

  return (
    <section aria-labelledby="expected-heading">
      <h2 id="expected-heading">{t('expected.heading')}</h2>
      <p>{t('expected.explain')}</p>
      {notice && <p role="status" className="notice">{notice}</p>}
      {member ? (
        <form className="decision" onSubmit={submit}>
          <p className="emphasis">{t('expected.who', { name: member.name, space: member.spaceName ?? member.space })}</p>
          <label>
            {t('expected.date')}
            <input type="date" value={date} min={today} required onChange={(e) => setDate(e.target.value)} />
          </label>
          {error && <p role="alert">{error}</p>}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || !date}>
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

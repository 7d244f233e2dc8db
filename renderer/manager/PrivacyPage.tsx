import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../core/api';
import { ConfirmStep } from '../components/ConfirmStep';
import { useCall } from '../hooks/useCall';

/** How long guests' details are kept, and erasing one person's on request. */
export function PrivacyPage({ api }: { api: KioskApi }) {
  const { t } = useTranslation();
  const [retentionDays, setRetentionDays] = useState<unknown>(null);
  const [email, setEmail] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, run, setError } = useCall();

  useEffect(() => {
    api.listSettings({}).then(
      (settings) => setRetentionDays(settings['privacy.retentionDays']),
      () => setRetentionDays(null),
    );
  }, [api]);

  const ask = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    setError(null);
    setConfirming(true);
  };

  if (confirming) {
    return (
      <ConfirmStep
        heading={t('privacy.confirm', { email: email.trim() })}
        explain={t('privacy.confirmExplain')}
        confirmLabel={t('privacy.confirmSubmit')}
        busy={busy}
        error={error}
        onConfirm={() =>
          run(
            () => api.erasePerson({ email: email.trim() }),
            ({ erased }) => {
              setNotice(t('privacy.erased', { count: erased }));
              setConfirming(false);
              setEmail('');
            },
          )
        }
        onCancel={() => setConfirming(false)}
      />
    );
  }

  return (
    <section aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">{t('privacy.heading')}</h2>
      {typeof retentionDays === 'number' && <p className="emphasis">{t('privacy.retention', { days: retentionDays })}</p>}
      <form className="settings-form" aria-labelledby="erase-heading" onSubmit={ask} noValidate>
        <h3 id="erase-heading">{t('privacy.erase')}</h3>
        <p>{t('privacy.eraseExplain')}</p>
        <label>
          {t('privacy.email')}
          {/* A text field, not type="email": the on-screen keys type at the caret, and an email field has none a script can read. */}
          <input type="text" inputMode="email" value={email} required autoComplete="off" spellCheck={false} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={email.trim() === ''}>
            {t('privacy.eraseSubmit')}
          </button>
        </div>
      </form>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
    </section>
  );
}

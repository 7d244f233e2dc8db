import { useState, type FormEvent } from 'react';
import { api } from './api';
import { ErrorLine } from './ErrorLine';
import { useWords } from './i18n';

/** The coordinator's password, once per session; a wrong one makes this address wait a little longer each time. */
export function SignIn({ onSignedIn }: { onSignedIn: (alliance: string) => void }) {
  const { t } = useWords();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { alliance } = await api<{ alliance: string }>('POST', 'sign-in', { password });
      onSignedIn(alliance);
    } catch (failure) {
      setError(failure);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>{t('signIn.heading')}</h1>
      <form onSubmit={submit}>
        <label htmlFor="password">{t('signIn.password')}</label>
        <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" className="primary" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
      <ErrorLine error={error} />
    </main>
  );
}

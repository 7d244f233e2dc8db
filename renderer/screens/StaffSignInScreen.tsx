import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignedIn } from '../../core/api';
import { PinPad } from '../components/PinPad';
import { messageOf } from '../error-message';

/** The way into staff mode from the welcome screen: a PIN, or a staff badge tapped meanwhile. */
export function StaffSignInScreen(props: { onSignIn: (pin: string) => Promise<SignedIn>; onSignedIn: (signedIn: SignedIn) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const submit = (pin: string) => {
    setBusy(true);
    setMessage(null);
    props
      .onSignIn(pin)
      .then(props.onSignedIn, (error: unknown) => setMessage(messageOf(error)))
      .finally(() => setBusy(false));
  };
  return (
    <main className="screen">
      <h1>{t('staffSignIn.heading')}</h1>
      <p>{t('staffSignIn.explain')}</p>
      <PinPad label={t('staffSignIn.pin')} busy={busy} onSubmit={submit} />
      {message && <p role="alert">{message}</p>}
      <button type="button" className="secondary" onClick={props.onCancel}>
        {t('actions.cancel')}
      </button>
    </main>
  );
}

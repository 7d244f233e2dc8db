import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PinPad } from '../components/PinPad';

/** Leaving kiosk mode (Electron only): a manager's PIN, or back to the visitors. */
export function ExitKioskScreen(props: { onExit: (pin: string) => Promise<boolean>; onCancel: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const submit = (pin: string) => {
    setBusy(true);
    setMessage(null);
    props
      .onExit(pin)
      .then(
        (ok) => setMessage(ok ? null : t('pin.wrong')),
        (error: Error) => setMessage(error.message),
      )
      .finally(() => setBusy(false));
  };
  return (
    <main className="screen">
      <h1>{t('exit.heading')}</h1>
      <p>{t('exit.explain')}</p>
      <PinPad label={t('exit.pin')} busy={busy} onSubmit={submit} />
      {message && <p role="alert">{message}</p>}
      <button type="button" className="secondary" onClick={props.onCancel}>
        {t('actions.cancel')}
      </button>
    </main>
  );
}

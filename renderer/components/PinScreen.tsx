import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../error-message';
import { PinPad } from './PinPad';

/**
 * A screen that asks for a PIN: `check` resolves to null when the PIN did what it was for, or
 * to what to tell the person; a refusal from the service is shown in its own words.
 */
export function PinScreen(props: { heading: string; explain: string; pinLabel: string; check: (pin: string) => Promise<string | null>; onCancel: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const submit = (pin: string) => {
    setBusy(true);
    setMessage(null);
    props
      .check(pin)
      .then(setMessage, (error: unknown) => setMessage(messageOf(error)))
      .finally(() => setBusy(false));
  };
  return (
    <main className="screen">
      <h1>{props.heading}</h1>
      <p>{props.explain}</p>
      <PinPad label={props.pinLabel} busy={busy} onSubmit={submit} />
      {message && <p role="alert">{message}</p>}
      <button type="button" className="secondary" onClick={props.onCancel}>
        {t('actions.cancel')}
      </button>
    </main>
  );
}

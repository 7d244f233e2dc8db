import { useTranslation } from 'react-i18next';
import { useCall } from '../hooks/useCall';
import { PinPad } from './PinPad';

/**
 * A screen that asks for a PIN: `check` resolves to null when the PIN did what it was for, or
 * to what to tell the person; a refusal from the service is shown in its own words.
 */
export function PinScreen(props: {
  heading: string;
  explain: string;
  pinLabel: string;
  check: (pin: string) => Promise<string | null>;
  cancelLabel?: string;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { busy, error: message, run, setError } = useCall();
  const submit = (pin: string) => run(() => props.check(pin), setError);
  return (
    <main className="screen">
      <h1>{props.heading}</h1>
      <p>{props.explain}</p>
      <PinPad label={props.pinLabel} busy={busy} onSubmit={submit} />
      {message && <p role="alert">{message}</p>}
      <button type="button" className="secondary" onClick={props.onCancel}>
        {props.cancelLabel ?? t('actions.cancel')}
      </button>
    </main>
  );
}

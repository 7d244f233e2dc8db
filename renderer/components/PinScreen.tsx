import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../hooks/useCall';
import { PinPad } from './PinPad';

/** What a PIN's check says: nothing (it did what it was for), words, or a wait before the next try. */
export type PinVerdict = string | { waitSeconds: number; words: (secondsLeft: number) => string } | null;

/**
 * A screen that asks for a PIN: `check` resolves to what to tell the person; a refusal from the
 * service is shown in its own words. A wait counts down on the screen with the pad closed, and
 * its words go when it is over, so a PIN typed meanwhile is not thrown away nor a stale wait shown.
 */
export function PinScreen(props: {
  heading: string;
  explain: string;
  pinLabel: string;
  check: (pin: string) => Promise<PinVerdict>;
  cancelLabel?: string;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { busy, error: message, run, setError } = useCall();
  const [wait, setWait] = useState<{ ends: number; words: (secondsLeft: number) => string } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!wait) return;
    const timer = setInterval(() => {
      const at = Date.now();
      if (at >= wait.ends) setWait(null);
      else setNow(at);
    }, 250);
    return () => clearInterval(timer);
  }, [wait]);
  const submit = (pin: string) =>
    run(
      () => props.check(pin),
      (verdict) => {
        if (verdict !== null && typeof verdict === 'object') {
          const at = Date.now();
          setNow(at);
          setWait({ ends: at + verdict.waitSeconds * 1000, words: verdict.words });
          setError(null);
        } else setError(verdict);
      },
    );
  const shown = wait ? wait.words(Math.max(1, Math.ceil((wait.ends - now) / 1000))) : message;
  return (
    <main className="screen">
      <h1>{props.heading}</h1>
      <p>{props.explain}</p>
      <PinPad label={props.pinLabel} busy={busy || wait !== null} onSubmit={submit} />
      {shown && <p role="alert">{shown}</p>}
      <button type="button" className="secondary" onClick={props.onCancel}>
        {props.cancelLabel ?? t('actions.cancel')}
      </button>
    </main>
  );
}

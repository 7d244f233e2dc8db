import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

const MAX_DIGITS = 12;

/**
 * Big digits for a PIN; what is typed shows as dots, and nothing leaves until OK. A real
 * keyboard types into the same field (digits, Backspace, Enter), so the field keeps the focus
 * when a key on the pad is touched.
 */
export function PinPad(props: { label: string; busy: boolean; onSubmit: (pin: string) => void }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const digit = (d: string) => setPin((p) => (p.length < MAX_DIGITS ? p + d : p));
  const ready = pin.length >= 4 && !props.busy;
  return (
    <form
      className="pin-pad"
      data-no-scan
      role="group"
      aria-label={props.label}
      onSubmit={(event) => {
        event.preventDefault();
        if (!ready) return;
        props.onSubmit(pin);
        setPin('');
      }}
    >
      <input
        ref={field}
        className="pin-dots"
        type="password"
        inputMode="none"
        autoComplete="off"
        autoFocus
        aria-label={props.label}
        value={pin}
        onChange={(event) => setPin(event.target.value.replace(/\D/g, '').slice(0, MAX_DIGITS))}
      />
      {/* A touch on a key must not take the focus from the field a keyboard types into. */}
      <div className="pin-keys" onMouseDown={(event) => event.preventDefault()}>
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <button key={d} type="button" className="key" onClick={() => digit(d)}>
            {d}
          </button>
        ))}
        <button type="button" className="key" aria-label={t('keyboard.backspace')} onClick={() => setPin((p) => p.slice(0, -1))}>
          ⌫
        </button>
        <button type="button" className="key" onClick={() => digit('0')}>
          0
        </button>
        <button type="submit" className="key ok" disabled={!ready}>
          {t('pin.ok')}
        </button>
      </div>
    </form>
  );
}

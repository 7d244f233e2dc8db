import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Big digits for a PIN; what is typed shows as dots, and nothing leaves until OK. */
export function PinPad(props: { label: string; busy: boolean; onSubmit: (pin: string) => void }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const digit = (d: string) => setPin((p) => (p.length < 12 ? p + d : p));
  return (
    <div className="pin-pad" role="group" aria-label={props.label}>
      <output className="pin-dots" aria-label={t('pin.entered', { count: pin.length })}>
        {'●'.repeat(pin.length) || '\u00a0'}
      </output>
      <div className="pin-keys">
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
        <button
          type="button"
          className="key ok"
          disabled={pin.length < 4 || props.busy}
          onClick={() => {
            props.onSubmit(pin);
            setPin('');
          }}
        >
          {t('pin.ok')}
        </button>
      </div>
    </div>
  );
}

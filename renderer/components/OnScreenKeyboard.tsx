import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm-.@'];
const ACCENTS = 'éèàçüöäñ';

/**
 * Large keys for a touch screen with no keyboard. Keys do not take focus, so the field being
 * filled keeps it; each key press edits `text` and hands the result to `onText`.
 */
export function OnScreenKeyboard({ text, onText }: { text: string; onText: (text: string) => void }) {
  const { t } = useTranslation();
  const [shift, setShift] = useState(false);
  const press = (key: string) => {
    onText(text + (shift ? key.toUpperCase() : key));
    setShift(false);
  };
  const key = (label: string, action: () => void, name = label, wide = false) => (
    <button key={name} type="button" className={wide ? 'key wide' : 'key'} aria-label={name} onMouseDown={(e) => e.preventDefault()} onClick={action}>
      {label}
    </button>
  );
  return (
    <div className="keyboard" role="group" aria-label={t('keyboard.label')}>
      {[...ROWS, ACCENTS].map((row) => (
        <div className="key-row" key={row}>
          {[...row].map((c) => key(shift ? c.toUpperCase() : c, () => press(c), shift ? c.toUpperCase() : c))}
        </div>
      ))}
      <div className="key-row">
        {key('⇧', () => setShift((s) => !s), t('keyboard.shift'), true)}
        {key(t('keyboard.space'), () => press(' '), t('keyboard.space'), true)}
        {key('⌫', () => onText(text.slice(0, -1)), t('keyboard.backspace'), true)}
      </div>
    </div>
  );
}

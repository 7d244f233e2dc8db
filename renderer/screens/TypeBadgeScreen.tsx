import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { OnScreenKeyboard } from '../components/OnScreenKeyboard';

/** For a badge the reader will not read, or a kiosk with no reader: the number, typed. */
export function TypeBadgeScreen(props: { onSubmit: (credential: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) props.onSubmit(value.trim());
  };
  return (
    <main className="screen form-screen">
      <h1>{t('typeBadge.heading')}</h1>
      <form onSubmit={submit}>
        <label>
          {t('typeBadge.field')}
          <input ref={field} value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" autoFocus spellCheck={false} data-badge-field />
        </label>
        <div className="keyboard-dock">
          <div className="actions">
            <button type="submit" className="primary big" disabled={value.trim() === ''}>
              {t('actions.checkIn')}
            </button>
            <button type="button" className="secondary" onClick={props.onCancel}>
              {t('actions.cancel')}
            </button>
          </div>
          <OnScreenKeyboard text={value} onText={setValue} field={field} />
        </div>
      </form>
    </main>
  );
}

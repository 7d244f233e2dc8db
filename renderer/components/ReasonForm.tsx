import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { OnScreenKeyboard } from './OnScreenKeyboard';

const MIN_LENGTH = 3;

/** One staff decision that must say why (override, void): the reason is required, and typed on screen if need be. */
export function ReasonForm(props: { heading: string; lines: string[]; submitLabel: string; busy: boolean; error: string | null; onSubmit: (reason: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const headingId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim().length < MIN_LENGTH) {
      setTooShort(true);
      return;
    }
    props.onSubmit(reason.trim());
  };
  return (
    <section className="decision" aria-labelledby={headingId}>
      <h2 id={headingId}>{props.heading}</h2>
      {props.lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      <form onSubmit={submit} noValidate>
        <label>
          {t('reasonForm.label')}
          <textarea value={reason} rows={2} autoFocus required aria-invalid={tooShort} spellCheck={false} onChange={(e) => setReason(e.target.value)} />
        </label>
        {tooShort && <p role="alert">{t('reasonForm.tooShort')}</p>}
        {props.error && <p role="alert">{props.error}</p>}
        <div className="actions">
          <button type="submit" className="primary" disabled={props.busy}>
            {props.submitLabel}
          </button>
          <button type="button" className="secondary" onClick={props.onCancel}>
            {t('actions.cancel')}
          </button>
        </div>
      </form>
      <OnScreenKeyboard text={reason} onText={setReason} />
    </section>
  );
}

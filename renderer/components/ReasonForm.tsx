import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { OnScreenKeyboard } from './OnScreenKeyboard';

const MIN_LENGTH = 3;

/**
 * One staff decision that must say why (override, void): the reason is required, and typed on screen if need be.
 * With askName, it also asks who the visitor is (an unknown badge admitted as a guest).
 */
export function ReasonForm(props: {
  heading: string;
  lines: string[];
  submitLabel: string;
  busy: boolean;
  error: string | null;
  askName?: boolean;
  onSubmit: (reason: string, name: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [name, setName] = useState('');
  const [typing, setTyping] = useState<'name' | 'reason'>(props.askName ? 'name' : 'reason');
  const [tooShort, setTooShort] = useState(false);
  const [noName, setNoName] = useState(false);
  const headingId = useId();
  const nameField = useRef<HTMLInputElement>(null);
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missingName = Boolean(props.askName) && name.trim() === '';
    setNoName(missingName);
    setTooShort(reason.trim().length < MIN_LENGTH);
    if (missingName || reason.trim().length < MIN_LENGTH) return;
    props.onSubmit(reason.trim(), name.trim());
  };
  return (
    <section className="decision" aria-labelledby={headingId}>
      <h2 id={headingId}>{props.heading}</h2>
      {props.lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      <form onSubmit={submit} noValidate>
        {props.askName && (
          <label>
            {t('reasonForm.nameLabel')}
            <input
              ref={nameField}
              type="text"
              value={name}
              autoFocus
              required
              aria-invalid={noName}
              aria-describedby={noName ? `${headingId}-name` : undefined}
              spellCheck={false}
              onFocus={() => setTyping('name')}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
        )}
        {noName && (
          <p id={`${headingId}-name`} role="alert">
            {t('reasonForm.noName')}
          </p>
        )}
        <label>
          {t('reasonForm.label')}
          <textarea
            ref={reasonField}
            value={reason}
            rows={2}
            autoFocus={!props.askName}
            required
            aria-invalid={tooShort}
            aria-describedby={tooShort ? `${headingId}-reason` : undefined}
            spellCheck={false}
            onFocus={() => setTyping('reason')}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        {tooShort && (
          <p id={`${headingId}-reason`} role="alert">
            {t('reasonForm.tooShort')}
          </p>
        )}
        {props.error && <p role="alert">{props.error}</p>}
        <div className="keyboard-dock">
          <div className="actions">
            <button type="submit" className="primary" disabled={props.busy}>
              {props.submitLabel}
            </button>
            <button type="button" className="secondary" onClick={props.onCancel}>
              {t('actions.cancel')}
            </button>
          </div>
          {typing === 'name' ? (
            <OnScreenKeyboard text={name} onText={setName} field={nameField} />
          ) : (
            <OnScreenKeyboard text={reason} onText={setReason} field={reasonField} />
          )}
        </div>
      </form>
    </section>
  );
}

import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { MethodInput } from '../../core/api';
import { OnScreenKeyboard } from './OnScreenKeyboard';

export interface GuestDetails {
  name: string;
  email: string;
  company: string;
  visiting: string;
}

/** What the service is asked to sell: the name, and only the optional fields that were filled in. */
export function dayPassInput(details: GuestDetails, memberId?: string): MethodInput<'sellDayPass'> {
  return {
    name: details.name,
    ...(details.email && { email: details.email }),
    ...(details.company && { company: details.company }),
    ...(details.visiting && { visiting: details.visiting }),
    ...(memberId && { memberId }),
  };
}

const FIELDS = ['name', 'email', 'company', 'visiting'] as const;
type Field = (typeof FIELDS)[number];

/** The day-pass form, for a visitor or for staff selling one: name required, the rest optional, the privacy notice in plain words. */
export function GuestForm(props: {
  price: string;
  retentionDays: number;
  initialName?: string;
  busy: boolean;
  error: string | null;
  onSubmit: (details: GuestDetails) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [details, setDetails] = useState<GuestDetails>({ name: props.initialName ?? '', email: '', company: '', visiting: '' });
  const [focused, setFocused] = useState<Field>('name');
  const [missingName, setMissingName] = useState(false);
  const [badEmail, setBadEmail] = useState(false);
  const inputs = {
    name: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    company: useRef<HTMLInputElement>(null),
    visiting: useRef<HTMLInputElement>(null),
  };
  const id = useId();
  const problems: Partial<Record<Field, string>> = {
    ...(missingName && { name: t('guest.nameRequired') }),
    ...(badEmail && { email: t('guest.emailInvalid') }),
  };
  const set = (field: Field, value: string) => {
    setDetails((d) => ({ ...d, [field]: value }));
    // A field being put right no longer says it is wrong; the next Check in looks again.
    if (field === 'name') setMissingName(false);
    if (field === 'email') setBadEmail(false);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = details.name.trim() === '';
    const bad = details.email.trim() !== '' && !z.email().safeParse(details.email.trim()).success;
    setMissingName(missing);
    setBadEmail(bad);
    if (!missing && !bad) props.onSubmit(details);
  };
  return (
    <form className="guest-form" onSubmit={submit} noValidate>
      <div className="fields">
        {FIELDS.map((field) => (
          <div key={field} className="field">
            <label>
              {t(`guest.${field}`)}
              <input
                ref={inputs[field]}
                value={details[field]}
                // A text field, not type="email": the on-screen keyboard types at the caret, and an email field has none a script can read.
                type="text"
                inputMode={field === 'email' ? 'email' : 'text'}
                autoComplete="off"
                spellCheck={false}
                autoFocus={field === 'name'}
                aria-invalid={problems[field] !== undefined}
                aria-describedby={problems[field] ? `${id}-${field}` : undefined}
                onFocus={() => setFocused(field)}
                onChange={(e) => set(field, e.target.value)}
              />
            </label>
            {problems[field] && (
              <p id={`${id}-${field}`} role="alert">
                {problems[field]}
              </p>
            )}
          </div>
        ))}
        {props.error && <p role="alert">{props.error}</p>}
        <p className="privacy">{t('guest.privacy', { days: props.retentionDays })}</p>
      </div>
      <div className="keyboard-dock">
        <div className="actions">
          <button type="submit" className="primary big" disabled={props.busy}>
            {t('guest.submit', { price: props.price })}
          </button>
          <button type="button" className="secondary" onClick={props.onCancel}>
            {t('actions.cancel')}
          </button>
        </div>
        <OnScreenKeyboard text={details[focused]} onText={(text) => set(focused, text)} field={inputs[focused]} kind={focused === 'email' ? 'email' : 'text'} />
      </div>
    </form>
  );
}

import { useState, type FormEvent } from 'react';
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
export function GuestForm(props: { price: string; retentionDays: number; initialName?: string; busy: boolean; error: string | null; onSubmit: (details: GuestDetails) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [details, setDetails] = useState<GuestDetails>({ name: props.initialName ?? '', email: '', company: '', visiting: '' });
  const [focused, setFocused] = useState<Field>('name');
  const [missingName, setMissingName] = useState(false);
  const [badEmail, setBadEmail] = useState(false);
  const set = (field: Field, value: string) => setDetails((d) => ({ ...d, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = details.name.trim() === '';
    const bad = details.email.trim() !== '' && !z.email().safeParse(details.email.trim()).success;
    setMissingName(missing);
    setBadEmail(bad);
    if (!missing && !bad) props.onSubmit(details);
  };
  return (
    <>
      <form className="guest-form" onSubmit={submit} noValidate>
        {FIELDS.map((field) => (
          <label key={field}>
            {t(`guest.${field}`)}
            <input
              value={details[field]}
              type={field === 'email' ? 'email' : 'text'}
              autoComplete="off"
              spellCheck={false}
              autoFocus={field === 'name'}
              aria-invalid={(field === 'name' && missingName) || (field === 'email' && badEmail)}
              onFocus={() => setFocused(field)}
              onChange={(e) => set(field, e.target.value)}
            />
          </label>
        ))}
        {missingName && <p role="alert">{t('guest.nameRequired')}</p>}
        {badEmail && <p role="alert">{t('guest.emailInvalid')}</p>}
        {props.error && <p role="alert">{props.error}</p>}
        <p className="privacy">{t('guest.privacy', { days: props.retentionDays })}</p>
        <div className="actions">
          <button type="submit" className="primary big" disabled={props.busy}>
            {t('guest.submit', { price: props.price })}
          </button>
          <button type="button" className="secondary" onClick={props.onCancel}>
            {t('actions.cancel')}
          </button>
        </div>
      </form>
      <OnScreenKeyboard text={details[focused]} onText={(text) => set(focused, text)} />
    </>
  );
}

import { useState, type FormEvent } from 'react';
import type { MadeCode } from '../../core/registry/console-api';
import { api, ApiError } from './api';
import { ErrorLine } from './ErrorLine';
import { useWords } from './i18n';

const FIELDS = ['id', 'name', 'city', 'country', 'timezone'] as const;
type Field = (typeof FIELDS)[number];

/** The field the registry refused, when it named one of this form's. */
function refusedField(error: unknown): Field | null {
  if (!(error instanceof ApiError) || error.code !== 'invalid') return null;
  return (FIELDS as readonly (string | null)[]).includes(error.field) ? (error.field as Field) : null;
}

/** What the form sends: the id trimmed, the country in capitals, as the registry stores them. */
const sent = (values: Record<Field, string>): Record<Field, string> => ({ ...values, id: values.id.trim(), country: values.country.trim().toUpperCase() });

const TIMEZONES = Intl.supportedValuesOf('timeZone');

/** Enrols a space as `registry space add` does; the registry answers with its first one-time code. */
export function AddSpaceForm({ onAdded, onCancel }: { onAdded: (name: string, made: MadeCode) => void; onCancel: () => void }) {
  const { t } = useWords();
  const [values, setValues] = useState<Record<Field, string>>({
    id: '',
    name: '',
    city: '',
    country: '',
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
  const [error, setError] = useState<unknown>(null);
  // The values of the refused try, so the words quote what was sent even after the field is edited.
  const [tried, setTried] = useState<Record<Field, string>>(values);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = sent(values);
    setTried(body);
    try {
      const made = await api<MadeCode>('POST', 'spaces', body);
      onAdded(values.name, made);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const refused = refusedField(error);
  const input = (field: Field, extra: Record<string, string | number> = {}) => (
    <div className="field" key={field}>
      <label htmlFor={`space-${field}`}>{t(`addSpace.${field}`)}</label>
      <input
        id={`space-${field}`}
        required
        value={values[field]}
        onChange={(e) => setValues({ ...values, [field]: e.target.value })}
        {...(refused === field && { 'aria-invalid': true, 'aria-describedby': 'add-space-refused' })}
        {...extra}
      />
    </div>
  );

  return (
    <section className="panel" aria-labelledby="add-space-heading">
      <h2 id="add-space-heading">{t('addSpace.heading')}</h2>
      <form onSubmit={submit}>
        <div className="fields">
          {input('id', { pattern: '[A-Za-z0-9._\\-]{1,100}', autoComplete: 'off' })}
          {input('name', { maxLength: 200 })}
          {input('city', { maxLength: 200 })}
          {input('country', { pattern: '[A-Za-z]{2}', maxLength: 2, autoComplete: 'off' })}
          {input('timezone', { list: 'timezones', autoComplete: 'off' })}
        </div>
        <datalist id="timezones">
          {TIMEZONES.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {t('addSpace.submit')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('addSpace.cancel')}
          </button>
        </div>
      </form>
      {refused ? (
        <p role="alert" className="error" id="add-space-refused">
          {t(`addSpace.invalid.${refused}`, { value: tried[refused] })}
        </p>
      ) : (
        <ErrorLine error={error} />
      )}
    </section>
  );
}

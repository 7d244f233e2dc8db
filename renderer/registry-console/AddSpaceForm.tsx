import { useState, type FormEvent } from 'react';
import type { MadeCode } from '../../core/registry/console-api';
import { api } from './api';
import { ErrorLine } from './ErrorLine';
import { useWords } from './i18n';

type Field = 'id' | 'name' | 'city' | 'country' | 'timezone';

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
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const made = await api<MadeCode>('POST', 'spaces', { ...values, id: values.id.trim(), country: values.country.trim().toUpperCase() });
      onAdded(values.name, made);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const input = (field: Field, extra: Record<string, string | number> = {}) => (
    <div className="field" key={field}>
      <label htmlFor={`space-${field}`}>{t(`addSpace.${field}`)}</label>
      <input id={`space-${field}`} required value={values[field]} onChange={(e) => setValues({ ...values, [field]: e.target.value })} {...extra} />
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
      <ErrorLine error={error} />
    </section>
  );
}

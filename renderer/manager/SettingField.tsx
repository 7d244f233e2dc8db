import { useId, useState, type FormEvent } from 'react';
import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../core/api';
import { isPlainHttp } from '../../core/list-freshness';
import { useCall } from '../hooks/useCall';

/** How a setting is typed in; each of a choice's options is named by its catalog entry. */
export type SettingInput =
  { type: 'text' | 'url' | 'number' | 'textarea' | 'json' } | { type: 'choice'; options: readonly { value: string; words: ParseKeys }[] };

/** A stored value as the field shows it: JSON for lists and objects, nothing for unset. */
function textOf(value: unknown, input: SettingInput): string {
  if (value === null || value === undefined) return '';
  if (input.type === 'json' || typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}

/**
 * One setting, saved on its own: the service checks the value and its refusal shows beside the field.
 * `clear` names a button that puts the setting back to its default (printer.name: no badges).
 */
export function SettingField(props: { api: KioskApi; settingKey: string; label: string; input: SettingInput; value: unknown; clear?: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => textOf(props.value, props.input));
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useCall();
  const labelId = useId();
  const { input } = props;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    run(
      () => props.api.setSetting({ key: props.settingKey, value: text }),
      (stored) => {
        setText(textOf(stored, input));
        setSaved(true);
      },
    );
  };
  const clear = () => {
    setSaved(false);
    run(
      () => props.api.unsetSetting({ key: props.settingKey }),
      (stored) => {
        setText(textOf(stored, input));
        setSaved(true);
      },
    );
  };
  const edit = (value: string) => {
    setText(value);
    setSaved(false);
  };
  const common = {
    id: `${labelId}-field`,
    value: text,
    'aria-invalid': error !== null,
    'aria-describedby': error ? `${labelId}-error` : undefined,
    spellCheck: false,
    autoComplete: 'off',
  };

  return (
    <form className="setting" aria-labelledby={labelId} onSubmit={submit} noValidate>
      <label id={labelId} htmlFor={common.id}>
        {props.label}
      </label>
      {input.type === 'choice' ? (
        <select {...common} onChange={(e) => edit(e.target.value)}>
          {input.options.map((option) => (
            <option key={option.value} value={option.value}>
              {t(option.words)}
            </option>
          ))}
        </select>
      ) : input.type === 'textarea' || input.type === 'json' ? (
        <textarea {...common} rows={input.type === 'json' ? 6 : 4} onChange={(e) => edit(e.target.value)} />
      ) : (
        // A number is typed as text: a number field would drop "0." half-typed on the on-screen keys (the service checks the number).
        <input
          {...common}
          {...(input.type === 'number' ? { type: 'text', inputMode: 'decimal' } : { type: input.type })}
          onChange={(e) => edit(e.target.value)}
        />
      )}
      <button type="submit" className="secondary" disabled={busy}>
        {t('settings.save')}
      </button>
      {props.clear && (
        <button type="button" className="secondary" disabled={busy} onClick={clear}>
          {props.clear}
        </button>
      )}
      {input.type === 'url' && isPlainHttp(text) && <p className="warning">{t('devices.plainHttp')}</p>}
      {saved && (
        <p role="status" className="saved">
          {t('settings.saved')}
        </p>
      )}
      {error && (
        <p id={`${labelId}-error`} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

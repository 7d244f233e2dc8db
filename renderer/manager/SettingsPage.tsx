import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParseKeys } from 'i18next';
import type { KioskApi } from '../../core/api';
import { BadgeFormat, LabelSize } from '../../core/badge';
import { WedgeForm } from '../../core/readers';
import type { SettingKey } from '../../core/settings';
import { messageOf } from '../error-message';
import { LANGUAGES } from '../i18n';
import type { Catalog } from '../locales/en';
import { SettingField, type SettingInput } from './SettingField';

/**
 * Every setting of core/settings.ts (the type says when one is missing), in the order a manager
 * sets up a kiosk, with its words and its kind of field.
 */
const FIELDS: Record<SettingKey, { label: keyof Catalog['settings']['field']; input: SettingInput; clear?: ParseKeys }> = {
  'space.id': { label: 'spaceId', input: { type: 'text' } },
  'kiosk.language': { label: 'language', input: { type: 'choice', options: LANGUAGES.map((value) => ({ value, words: `language.${value}` })) } },
  'kiosk.idleSeconds': { label: 'idleSeconds', input: { type: 'number' } },
  'visa.feedUrl': { label: 'feedUrl', input: { type: 'url' } },
  'visa.syncMinutes': { label: 'syncMinutes', input: { type: 'number' } },
  'visa.staleDays': { label: 'staleDays', input: { type: 'number' } },
  'visa.publicKey': { label: 'publicKey', input: { type: 'textarea' } },
  readers: { label: 'readers', input: { type: 'json' } },
  'kiosk.wedgeForm': { label: 'wedgeForm', input: { type: 'choice', options: WedgeForm.options.map((value) => ({ value, words: `settings.wedgeForms.${value}` })) } },
  'reader.wedgeGapMs': { label: 'wedgeGapMs', input: { type: 'number' } },
  'reader.repeatSeconds': { label: 'repeatSeconds', input: { type: 'number' } },
  'printer.name': { label: 'printerName', input: { type: 'text' }, clear: 'settings.noPrinter' },
  'printer.format': { label: 'printerFormat', input: { type: 'choice', options: BadgeFormat.options.map((value) => ({ value, words: `settings.printerFormats.${value}` })) } },
  'printer.label': { label: 'printerLabel', input: { type: 'choice', options: LabelSize.options.map((value) => ({ value, words: `settings.printerLabels.${value}` })) } },
  'printer.dpi': { label: 'printerDpi', input: { type: 'number' } },
  'printer.timeoutSeconds': { label: 'printerTimeout', input: { type: 'number' } },
  'privacy.retentionDays': { label: 'retentionDays', input: { type: 'number' } },
  'backup.folder': { label: 'backupFolder', input: { type: 'text' } },
  'backup.keep': { label: 'backupKeep', input: { type: 'number' } },
};

export function SettingsPage({ api }: { api: KioskApi }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.listSettings({}).then(setValues, (e: unknown) => setError(messageOf(e)));
  }, [api]);
  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('settings.heading')}</h2>
      {error && <p role="alert">{error}</p>}
      {!values && !error && <p>{t('staff.loading')}</p>}
      {values && (
        <div className="settings">
          {Object.entries(FIELDS)
            .filter(([key]) => key in values)
            .map(([key, field]) => (
              <SettingField key={key} api={api} settingKey={key} label={t(`settings.field.${field.label}`)} input={field.input} value={values[key]} {...(field.clear && { clear: t(field.clear) })} />
            ))}
        </div>
      )}
    </section>
  );
}

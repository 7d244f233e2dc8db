import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParseKeys } from 'i18next';
import type { KioskApi } from '../../core/api';
import { BadgeFormat, LabelSize } from '../../core/badge';
import { RepeatTapSetting } from '../../core/check-out';
import { WEBHOOK_FORMATS } from '../../core/desk-notice';
import { WedgeForm } from '../../core/readers';
import type { SettingKey } from '../../core/settings';
import { errorText } from '../error-message';
import { LANGUAGES } from '../i18n';
import { SETTING_LABELS } from '../setting-labels';
import { SettingField, type SettingInput } from './SettingField';

/**
 * Every setting of core/settings.ts (the type says when one is missing), in the order a manager
 * sets up a kiosk, with its kind of field.
 */
const FIELDS: Record<SettingKey, { input: SettingInput; clear?: ParseKeys }> = {
  'space.id': { input: { type: 'text' } },
  'kiosk.language': { input: { type: 'choice', options: LANGUAGES.map((value) => ({ value, words: `language.${value}` })) } },
  'kiosk.idleSeconds': { input: { type: 'number' } },
  'kiosk.repeatTap': { input: { type: 'choice', options: RepeatTapSetting.options.map((value) => ({ value, words: `settings.repeatTaps.${value}` })) } },
  'visa.feedUrl': { input: { type: 'url' } },
  'visa.syncMinutes': { input: { type: 'number' } },
  'visa.staleDays': { input: { type: 'number' } },
  'visa.publicKey': { input: { type: 'textarea' } },
  readers: { input: { type: 'json' } },
  'kiosk.wedgeForm': { input: { type: 'choice', options: WedgeForm.options.map((value) => ({ value, words: `settings.wedgeForms.${value}` })) } },
  'reader.wedgeGapMs': { input: { type: 'number' } },
  'reader.repeatSeconds': { input: { type: 'number' } },
  'printer.name': { input: { type: 'text' }, clear: 'settings.noPrinter' },
  'printer.format': { input: { type: 'choice', options: BadgeFormat.options.map((value) => ({ value, words: `settings.printerFormats.${value}` })) } },
  'printer.label': { input: { type: 'choice', options: LabelSize.options.map((value) => ({ value, words: `settings.printerLabels.${value}` })) } },
  'printer.dpi': { input: { type: 'number' } },
  'printer.timeoutSeconds': { input: { type: 'number' } },
  'privacy.retentionDays': { input: { type: 'number' } },
  'backup.folder': { input: { type: 'text' } },
  'backup.keep': { input: { type: 'number' } },
  'desk.webhookUrl': { input: { type: 'url' } },
  'desk.webhookFormat': { input: { type: 'choice', options: WEBHOOK_FORMATS.map((value) => ({ value, words: `settings.webhookFormats.${value}` })) } },
  'desk.callWaitSeconds': { input: { type: 'number' } },
  'desk.retrySeconds': { input: { type: 'number' } },
  'desk.retryMaxSeconds': { input: { type: 'number' } },
};

export function SettingsPage({ api }: { api: KioskApi }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.listSettings({}).then(setValues, (e: unknown) => setError(errorText(t, e)));
  }, [api, t]);
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
              <SettingField
                key={key}
                api={api}
                settingKey={key}
                label={t(`settings.field.${SETTING_LABELS[key as SettingKey]}`)}
                input={field.input}
                value={values[key]}
                {...(field.clear && { clear: t(field.clear) })}
              />
            ))}
        </div>
      )}
    </section>
  );
}

import type { SettingKey } from '../core/settings';
import type { Catalog } from './locales/en';

/** Each setting's name on screen: its entry under `settings.field` in the locale files. */
export const SETTING_LABELS: Record<SettingKey, keyof Catalog['settings']['field']> = {
  'space.id': 'spaceId',
  'kiosk.language': 'language',
  'kiosk.idleSeconds': 'idleSeconds',
  'kiosk.repeatTap': 'repeatTap',
  'visa.feedUrl': 'feedUrl',
  'visa.syncMinutes': 'syncMinutes',
  'visa.staleDays': 'staleDays',
  'visa.publicKey': 'publicKey',
  readers: 'readers',
  'kiosk.wedgeForm': 'wedgeForm',
  'reader.wedgeGapMs': 'wedgeGapMs',
  'reader.repeatSeconds': 'repeatSeconds',
  'printer.name': 'printerName',
  'printer.format': 'printerFormat',
  'printer.label': 'printerLabel',
  'printer.dpi': 'printerDpi',
  'printer.timeoutSeconds': 'printerTimeout',
  'privacy.retentionDays': 'retentionDays',
  'backup.folder': 'backupFolder',
  'backup.keep': 'backupKeep',
  'desk.webhookUrl': 'webhookUrl',
  'desk.webhookFormat': 'webhookFormat',
  'desk.callWaitSeconds': 'callWaitSeconds',
  'desk.retrySeconds': 'retrySeconds',
  'desk.retryMaxSeconds': 'retryMaxSeconds',
};

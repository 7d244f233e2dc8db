import type { SettingKey } from './settings.js';

/** Settings whose whole value is a password: a Slack or Teams webhook's URL lets anyone post to the channel. */
const SECRET_URLS: ReadonlySet<SettingKey> = new Set(['desk.webhookUrl']);

/** Settings that are addresses, which may carry a password or a token in them (https://user:pass@…, ?token=…). */
const URLS: ReadonlySet<SettingKey> = new Set(['visa.feedUrl']);

/** A secret URL as the audit trail keeps it: which server it names, never the rest. */
export const secretUrlShown = (url: URL): string => `${url.protocol}//${url.host}/… (hidden)`;

/** An address without what may be secret in it: its user and password, and its query. */
export function urlWithoutCredentials(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (!url.username && !url.password && !url.search) return text;
  url.username = '';
  url.password = '';
  const query = url.search ? '?… (hidden)' : '';
  url.search = '';
  return `${url.href}${query}`;
}

/** What the audit trail records of a setting's value: a secret's host only, an address without its credentials, else the value. */
export function auditedSetting(key: SettingKey, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (SECRET_URLS.has(key)) {
    try {
      return secretUrlShown(new URL(value));
    } catch {
      return '(hidden)';
    }
  }
  return URLS.has(key) ? urlWithoutCredentials(value) : value;
}

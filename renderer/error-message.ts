import type { ParseKeys, TFunction } from 'i18next';
import type { ErrorDetail } from '../core/errors';
import { CSV_COLUMNS } from '../core/record-problem';
import type { SettingKey } from '../core/settings';
import { en } from './locales/en';
import { isolated, shown } from './quoted';
import { csvRefusedText, csvSharedText, recordProblemText, rosterRefusedText, someOf, valueText } from './record-problem-text';
import { SETTING_LABELS } from './setting-labels';

function codeOf(error: unknown): unknown {
  return error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
}

/** True when the service refused a call because no staff session holds the rights (locked, signed out). */
export function isForbidden(error: unknown): boolean {
  return codeOf(error) === 'forbidden';
}

/** True when the service could not save what was asked (database locked, disk full). */
export function isNotSaved(error: unknown): boolean {
  return codeOf(error) === 'not_saved';
}

/** True when the service refused a tap as one of too many at once (a stuck key, a flood of made-up badges). */
export function isRateLimited(error: unknown): boolean {
  return codeOf(error) === 'rate_limited';
}

/** A screen past its day passes for visitors: not a moment's wait, the desk sells the next one. */
export function isDayPassLimit(error: unknown): boolean {
  return codeOf(error) === 'day_pass_limit';
}

/** True when the screen could not reach the kiosk service at all (browser mode, service stopped). */
export function isOffline(error: unknown): boolean {
  return codeOf(error) === 'offline';
}

/** The locale key for a failure any screen names the same way in its own language, or null when the refusal's own words are the specific ones. */
export function commonFailureKey(error: unknown): 'offline' | 'tooManyTaps' | null {
  return isOffline(error) ? 'offline' : isRateLimited(error) ? 'tooManyTaps' : null;
}

/** Codes that have words of their own when a refusal carries no detail; anything else is "something went wrong". */
const CODE_KEYS = new Map<unknown, ParseKeys>([
  ['invalid', 'problem.invalid'],
  ['refused', 'problem.refused'],
  ['not_found', 'problem.not_found'],
  ['forbidden', 'problem.signed_out'],
  ['not_saved', 'problem.not_saved.io'],
  ['day_pass_limit', 'tooManyDayPasses'],
]);

/** A failure a page has already put in its own words (from the locale files), to show as it is. */
export class ScreenWords extends Error {}

/**
 * A refusal in the screen's language, never the service's English line (that stays for the
 * command line and the log): its detail when it has one, else its code.
 */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ScreenWords) return error.message;
  const common = commonFailureKey(error);
  if (common) return t(common);
  const detail = error instanceof Error ? (error as Error & { detail?: ErrorDetail }).detail : undefined;
  if (detail) return detailText(t, detail);
  return t(CODE_KEYS.get(codeOf(error)) ?? 'error');
}

/** What a refusal's detail says, in words. */
export function detailText(t: TFunction, detail: ErrorDetail): string {
  switch (detail.what) {
    case 'setting': {
      const label = SETTING_LABELS[detail.setting as SettingKey];
      const problem = valueText(t, detail.problem);
      return label ? t('problem.setting', { field: t(`settings.field.${label}`), problem }) : t('problem.input', { problem });
    }
    case 'input':
      return t('problem.input', { problem: valueText(t, detail.problem) });
    case 'not_saved':
    case 'not_read':
      return t(`problem.${detail.what}.${detail.why}`);
    case 'pin_wait':
      return t('staffSignIn.wait', { count: detail.seconds });
    case 'signed_out':
      return t(detail.locked ? 'problem.signed_out_idle' : 'problem.signed_out');
    case 'feed_refused':
      return detail.status === null ? t('problem.feed_refused') : t('problem.feed_refused_status', { status: detail.status });
    case 'feed_unreachable':
      return t('problem.feed_unreachable', { host: shown(detail.host) });
    case 'registry_unreachable':
      return t(`problem.registry_unreachable.${detail.why ?? 'other'}`, { host: shown(detail.host) });
    case 'space_not_in_list':
      return t('problem.space_not_in_list', { space: shown(detail.space) });
    case 'credential_refused':
      return t('problem.credential_refused', { text: shown(detail.text), problem: t(`problem.credential.${detail.fault.kind}`, detail.fault) });
    case 'not_a_badge':
      return t('problem.not_a_badge', { text: shown(detail.text) });
    case 'badge_is_member':
      return t('problem.badge_is_member', { name: detail.name });
    case 'feed_unusable': {
      const refusal = t(`problem.unusable.${detail.unusable.why}`, 'space' in detail.unusable ? { space: shown(detail.unusable.space) } : detail.unusable);
      return detail.record ? t('problem.unusable.because', { refusal, record: recordProblemText(t, detail.record) }) : refusal;
    }
    case 'csv_refused':
      return csvRefusedText(t, detail.problems, detail.more);
    case 'roster_refused':
      return rosterRefusedText(t, detail.space, detail.problems, detail.more);
    case 'csv_unreadable':
      return t(`problem.csv.${detail.why}`);
    case 'csv_column':
      return t(`problem.csv.${detail.why}_column`, { column: shown(detail.column), columns: CSV_COLUMNS.join(', ') });
    case 'csv_id_elsewhere':
      return t('problem.csv.id_elsewhere', { ids: someOf(t, detail.ids) });
    case 'csv_shared_credential':
      return csvSharedText(t, detail.shared);
    case 'registry_refused':
      return detail.code !== null && detail.code in en.problem.registry
        ? t(`problem.registry.${detail.code as keyof typeof en.problem.registry}`)
        : t('problem.registry_refused', { sentence: isolated(detail.sentence) });
    default:
      return t(`problem.${detail.what}`);
  }
}

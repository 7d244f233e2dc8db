import type { TFunction } from 'i18next';
import type { CheckinResult } from '../core/api/checkin';

/** The home space a check-in names, as the visitor knows it. */
export function homeSpaceOf(result: CheckinResult): string {
  return result.member?.spaceName ?? result.member?.space ?? '';
}

/** Why an admitted visitor is in, in the visitor screen's words: a member, a day pass, a visa. */
export function admittedAs(t: TFunction, result: CheckinResult): string {
  const space = homeSpaceOf(result);
  return result.kind === 'member' ? t('admitted.member', { space }) : result.kind === 'day_pass' ? t('admitted.dayPass') : t('admitted.visa', { space });
}

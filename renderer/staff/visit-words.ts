import type { TFunction } from 'i18next';
import type { VisitView } from '../../core/api/desk';
import type { ReasonCode } from '../../core/vocabulary';

/** A visit's badge as staff read it: "RFID · 0F00A1B2C3"; the value alone when its kind is one this version does not know. */
export function credentialWords(t: TFunction, credential: NonNullable<VisitView['credential']>): string {
  if (!credential.kind) return credential.value;
  return t('devices.read', { kind: t(`credential.${credential.kind}`), value: credential.value });
}

/** Why a visit was decided as it was, in staff's plain words. */
export function reasonWords(t: TFunction, reason: ReasonCode | null, space: string | null): string {
  return reason ? t(`reason.${reason}`, { space: space ?? '' }) : t('today.otherReason');
}

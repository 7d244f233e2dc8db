import type { TFunction } from 'i18next';

/** A stored credential ("rfid:0F00A1B2C3") as staff read it: "RFID · 0F00A1B2C3". */
export function credentialWords(t: TFunction, credential: string | null): string {
  if (!credential) return '';
  const split = credential.indexOf(':');
  const kind = credential.slice(0, split);
  return t('devices.read', { kind: t(`credential.${kind}`, { defaultValue: kind }), value: credential.slice(split + 1) });
}

/** Why a visit was decided as it was, in staff's plain words. */
export function reasonWords(t: TFunction, reason: string, space: string | null): string {
  return t(`reason.${reason}`, { space: space ?? '', defaultValue: reason });
}

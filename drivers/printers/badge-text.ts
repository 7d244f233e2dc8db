import type { Badge } from '../../core/badge.js';

/** What a badge says, cleaned for every printer's stream, before it is laid out. */

const KIND_TEXT: Record<Badge['kind'], string> = {
  visa: 'VISA VISITOR',
  guest: 'GUEST',
  day_pass: 'DAY PASS',
  member: 'MEMBER',
};

export interface BadgeText {
  kind: string;
  name: string;
  details: string[];
  /** What the QR code holds: the visit, so staff can scan a badge back to it; else the name. */
  qrPayload: string | null;
}

/** Control characters would break ZPL and ESC/POS streams and mean nothing on a badge. */
function clean(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

export function badgeText(badge: Badge): BadgeText {
  const name = clean(badge.name);
  const home = badge.homeSpace === null ? '' : clean(badge.homeSpace);
  const host = clean(badge.hostSpace);
  const details = [home && `from ${home}`, host && `at ${host}`, `valid ${badge.validOn}`].filter((line) => line !== '');
  const qrPayload = badge.visitId !== null ? `visit:${badge.visitId}` : name || null;
  return { kind: KIND_TEXT[badge.kind], name, details, qrPayload };
}

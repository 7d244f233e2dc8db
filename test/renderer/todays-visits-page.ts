import { screen } from '@testing-library/react';
import type { PrinterStatus } from '../../core/api/printer';
import { visit } from '../fixtures/fake-kiosk';
import { signInAs, startKiosk } from './staff-session';

/** Today's visits as the service lists them: a denial, a member's visit with a badge printed, a voided visit, an override. */
export const today = [
  visit({
    id: 12,
    at: '2026-11-21T10:40:00.000Z',
    decision: 'denied',
    reason: 'space_not_participating',
    kind: 'visa',
    name: '佐藤 花子',
    memberId: 'kl-0001',
    homeSpace: 'Kumo Lab',
    credential: { kind: 'barcode', value: 'KL-0001' },
  }),
  visit({
    id: 11,
    at: '2026-11-21T10:20:00.000Z',
    kind: 'member',
    reason: 'member',
    name: 'Inês Carvalho',
    homeSpace: 'Harbour Works',
    credential: { kind: 'rfid', value: '1000A1B200' },
    badgeStatus: 'printed',
  }),
  visit({ id: 10, at: '2026-11-21T09:05:00.000Z', name: 'Grace Hopper', voidedAt: '2026-11-21T09:30:00.000Z', voidReason: 'tapped by mistake' }),
  visit({
    id: 9,
    at: '2026-11-21T09:00:00.000Z',
    decision: 'admitted',
    reason: 'notice_required',
    name: 'Jürgen Groß',
    homeSpace: 'Spreewerk',
    overriddenBy: 'Rosa Díaz',
    overrideReason: 'emailed us yesterday',
  }),
];

/** The row of the visitor named. */
export const row = (name: string) => screen.getByRole('row', { name: new RegExp(name) });

/** A signed-in staff member's Today page over those visits; `printer`: the badge printer's status, when one is set up. */
export async function todayPage(printer?: PrinterStatus) {
  const kiosk = await startKiosk();
  kiosk.api.todaysVisits.mockResolvedValue(today);
  if (printer) kiosk.api.printerStatus.mockResolvedValue(printer);
  await signInAs('staff', kiosk);
  await screen.findByRole('table');
  return kiosk;
}

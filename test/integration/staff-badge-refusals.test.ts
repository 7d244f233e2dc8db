import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KioskError } from '../../core/errors';
import { errorText } from '../../renderer/error-message';
import { createI18n, LANGUAGES } from '../../renderer/i18n';
import { dispatch, type Connection } from '../../service/dispatch';
import { Kiosk } from '../../service/kiosk';
import type { Screen } from '../../service/staff-access';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();
const thisComputer: Screen = { id: 'this computer', local: true };

async function kiosk() {
  const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'), { now: () => new Date('2026-11-21T10:00:00Z') });
  await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
  service.settings.set({ key: 'space.id', value: 'harbour' });
  service.staff.add({ name: 'Sam Staff', role: 'staff', pin: '1111', badge: 'AB:CD:EF:01' });
  return service;
}

async function refusal(call: Promise<unknown>): Promise<KioskError> {
  try {
    await call;
  } catch (error) {
    return error as KioskError;
  }
  throw new Error('the call was not refused');
}

/** A staff badge refused is not "you were signed out": each screen says what really happened, in its language. */
describe('staff badge refusals on a screen', () => {
  it('a ticket used twice says to tap again; one used from another computer says to sign in with the PIN', async () => {
    const service = await kiosk();
    const { staffTicket } = service.desk.checkin({ credential: 'ABCDEF01' }, { screen: thisComputer }) as { staffTicket: string };
    const here: Connection = { session: null, screen: thisComputer };
    await dispatch(service, 'signIn', { ticket: staffTicket }, here);
    const twice = await refusal(dispatch(service, 'signIn', { ticket: staffTicket }, { session: null, screen: thisComputer }));
    expect(twice.detail).toEqual({ what: 'staff_badge_stale' });
    const other = service.desk.checkin({ credential: 'ABCDEF01' }, { screen: thisComputer }) as { staffTicket: string };
    const remote = await refusal(dispatch(service, 'signIn', { ticket: other.staffTicket }, { session: null, screen: { id: '192.0.2.40', local: false } }));
    expect(remote.detail).toEqual({ what: 'staff_badge_here_only' });

    const de = createI18n('de').t;
    expect(errorText(de, twice)).toBe('Der Personalausweis wurde vor zu langer Zeit gelesen: Halten Sie ihn noch einmal an.');
    for (const language of LANGUAGES) {
      const t = createI18n(language).t;
      const signedOut = t('problem.signed_out');
      expect(errorText(t, twice)).not.toBe(signedOut);
      expect(errorText(t, remote)).not.toBe(signedOut);
    }
  });

  it('a staff badge fitting several members’ cards is refused with its own words', async () => {
    const service = await kiosk();
    // Two members whose barcodes differ only in case and separators: a typed "hw12" folds to both.
    await service.visaList.importCsv({
      csv: 'id,space,name,email,status,validUntil,credentials\nhw-8,harbour,First,,active,,barcode:HW-12\nhw-9,harbour,Second,,active,,barcode:hw12\n',
    });
    const refused = await refusal(Promise.resolve().then(() => service.staff.add({ name: 'New', role: 'staff', pin: '2222', badge: 'Hw_12' })));
    expect(refused.detail).toEqual({ what: 'badge_fits_members' });
    expect(errorText(createI18n('fr').t, refused)).toBe('Ce badge correspond à plusieurs badges de membres : donnez au personnel une carte à lui.');
  });
});

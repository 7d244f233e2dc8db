// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StorageProblem } from '../../core/api/kiosk-info';
import { harbourInfo } from '../fixtures/fake-kiosk';
import { signInAs, startKiosk } from './staff-session';

afterEach(() => cleanup());

const fileLost: StorageProblem = {
  kind: 'fileLost',
  since: '2026-11-21T10:00:00.000Z',
  message:
    "the kiosk's database file was deleted or replaced: visits are not being saved, call staff. /data/kiosk.db was deleted while the kiosk ran; the visits it had are copied to /data/kiosk-rescued-2026-11-21T10-00-00Z.db: stop the kiosk, then visa-kiosk restore /data/kiosk-rescued-2026-11-21T10-00-00Z.db",
};

describe('the kiosk’s files faulty (deleted, replaced or damaged)', () => {
  it('every screen says so in plain words the moment it happens, with what to do folded away for staff, until it is put right', async () => {
    const kiosk = await startKiosk();
    expect(screen.queryByRole('alert')).toBeNull();
    act(() => kiosk.emit('storage', [fileLost]));
    const alert = screen.getByRole('alert');
    within(alert).getByRole('heading', { name: 'This kiosk has a problem with its files' });
    within(alert).getByText('Check-ins are not being saved: the database file was deleted or replaced. Please ask at the front desk.');
    within(alert).getByText('For staff');
    within(alert).getByText(fileLost.message);
    // Still there in staff mode, where the front desk reads what to do.
    await signInAs('staff', kiosk);
    within(screen.getAllByRole('alert')[0]!).getByText(fileLost.message);
    act(() => kiosk.emit('storage', []));
    expect(screen.queryByText('This kiosk has a problem with its files')).toBeNull();
  });

  it('a screen that loads while the visit log is damaged says so at once, in the kiosk’s language', async () => {
    await startKiosk({
      ...harbourInfo,
      language: 'de',
      storage: [{ kind: 'visitLogDamaged', since: fileLost.since, message: 'the visit log /data/kiosk.db is damaged' }],
    });
    screen.getByText('Das Besuchsprotokoll ist beschädigt: Check-ins werden womöglich nicht gespeichert. Bitte am Empfang fragen.');
  });
});

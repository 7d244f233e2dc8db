// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, it, vi } from 'vitest';
import { KioskError } from '../../core/errors';
import { decision, serviceRefusal } from '../fixtures/fake-kiosk';
import { startKiosk } from './staff-session';

afterEach(cleanup);

describe('"Check out?" on a screen whose visitor was checked out elsewhere', () => {
  it('says they are checked out, instead of asking on (Yes on another screen, or staff)', async () => {
    const kiosk = await startKiosk();
    act(() => kiosk.emit('checkin', decision({ repeat: true, checkOutTicket: 'ticket-1' })));
    screen.getByRole('heading', { name: 'Check out, Ada Lovelace?' });
    // Another visit leaving changes nothing here.
    act(() => kiosk.emit('presence', { visitId: 99, at: '2026-11-21T17:00:00.000Z', onSite: false }));
    screen.getByRole('heading', { name: 'Check out, Ada Lovelace?' });
    act(() => kiosk.emit('presence', { visitId: 7, at: '2026-11-21T17:00:00.000Z', onSite: false }));
    screen.getByRole('heading', { name: 'Goodbye, Ada Lovelace: you are checked out.' });
  });

  it('Yes pressed on two screens at once: the one whose answer comes back refused still says "Goodbye", not "tap again"', async () => {
    const kiosk = await startKiosk();
    let refuse: (error: Error) => void = () => undefined;
    (kiosk.api as unknown as { checkOut: ReturnType<typeof vi.fn> }).checkOut = vi.fn(() => new Promise((_, reject) => (refuse = reject)));
    act(() => kiosk.emit('checkin', decision({ repeat: true, checkOutTicket: 'ticket-1' })));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, check me out' }));
    act(() => kiosk.emit('presence', { visitId: 7, at: '2026-11-21T17:00:00.000Z', onSite: false }));
    const expired = serviceRefusal(() => {
      throw new KioskError('this check-out question has expired', 'invalid', { detail: { what: 'check_out_expired' } });
    });
    await act(async () => refuse(expired));
    screen.getByRole('heading', { name: 'Goodbye, Ada Lovelace: you are checked out.' });
  });
});

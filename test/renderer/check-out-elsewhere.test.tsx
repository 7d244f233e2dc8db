// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, it } from 'vitest';
import { decision } from '../fixtures/fake-kiosk';
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
});

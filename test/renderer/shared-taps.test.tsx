// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TapNotSaved } from '../../core/api/checkin';
import { decision } from '../fixtures/fake-kiosk';
import { startKiosk } from './staff-session';

afterEach(cleanup);

/** A guest at this screen, halfway through typing their name. */
function halfTypedGuestForm() {
  fireEvent.click(screen.getByRole('button', { name: 'I’m a guest' }));
  fireEvent.change(screen.getByRole('textbox', { name: 'Your name' }), { target: { value: 'Marie Cur' } });
}

const notSaved: TapNotSaved = { at: '2026-11-21T10:00:00.000Z', readerId: 'door', reason: 'busy', message: 'the check-in was not saved', shared: true };

describe('a tap by a reader given to no screen (shared by every visitor screen)', () => {
  it('shows on a screen waiting on its welcome', async () => {
    const kiosk = await startKiosk();
    act(() => kiosk.emit('checkin', decision({ shared: true })));
    screen.getByRole('heading', { name: 'Welcome, Ada Lovelace' });
  });

  it('leaves a visitor typing into the day-pass form alone, whether it was saved or not', async () => {
    const kiosk = await startKiosk();
    halfTypedGuestForm();
    act(() => kiosk.emit('checkin', decision({ shared: true })));
    act(() => kiosk.emit('tapNotSaved', notSaved));
    expect(screen.queryByRole('heading', { name: 'Welcome, Ada Lovelace' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Your name' })).toHaveProperty('value', 'Marie Cur');
  });

  it('a tap by this screen’s own reader still shows, even over the form', async () => {
    const kiosk = await startKiosk();
    halfTypedGuestForm();
    act(() => kiosk.emit('checkin', decision()));
    screen.getByRole('heading', { name: 'Welcome, Ada Lovelace' });
  });
});

// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KioskError } from '../../core/errors';
import { serviceRefusal } from '../fixtures/fake-kiosk';
import { startKiosk } from './staff-session';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('leaving kiosk mode (Electron)', () => {
  it('asks for a manager PIN, says when it is wrong, and hands the right one to the shell', async () => {
    const kiosk = await startKiosk();
    act(() => kiosk.requestExit());
    screen.getByRole('heading', { name: 'Leave kiosk mode' });
    const pad = screen.getByRole('group', { name: 'Manager PIN' });
    const type = (pin: string) => [...pin].forEach((d) => fireEvent.click(within(pad).getByRole('button', { name: d })));
    type('1234');
    within(pad).getByDisplayValue('1234');
    fireEvent.click(within(pad).getByRole('button', { name: 'OK' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That PIN is not right.');
    type('482193');
    fireEvent.click(within(pad).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(kiosk.shell.exitKiosk).toHaveBeenLastCalledWith('482193'));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the lock-out when PIN entry is locked', async () => {
    const kiosk = await startKiosk();
    kiosk.shell.exitKiosk.mockRejectedValueOnce(
      serviceRefusal(() => {
        throw new KioskError('too many wrong PINs from this screen: wait 300 seconds before the next try', 'forbidden', {
          retryAfterSeconds: 300,
          detail: { what: 'pin_wait', seconds: 300 },
        });
      }),
    );
    act(() => kiosk.requestExit());
    const pad = screen.getByRole('group', { name: 'Manager PIN' });
    for (const d of '9999') fireEvent.click(within(pad).getByRole('button', { name: d }));
    fireEvent.click(within(pad).getByRole('button', { name: 'OK' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Too many wrong PINs on this screen. Wait 300 seconds, then try again.');
  });
});

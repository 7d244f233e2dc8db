// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { playCue } from '../../renderer/sound';
import { decision } from '../fixtures/fake-kiosk';
import { startKiosk } from './staff-session';

vi.mock('../../renderer/sound', () => ({ playCue: vi.fn() }));

afterEach(() => {
  cleanup();
  vi.mocked(playCue).mockClear();
});

describe('a check-in made at this screen', () => {
  it('is shown and sounded once, though it comes back both as the reply and as the event every screen hears', async () => {
    const kiosk = await startKiosk();
    const ada = decision({ credential: { kind: 'barcode', value: 'CC-0001' } });
    // As the service does: the event goes out to every screen, then the call is answered with the same result.
    kiosk.api.checkin.mockImplementationOnce(async () => {
      kiosk.emit('checkin', ada);
      return ada;
    });
    fireEvent.click(screen.getByRole('button', { name: 'Type my badge number' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Badge number' }), { target: { value: 'CC-0001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check in' }));
    await screen.findByRole('heading', { name: 'Welcome, Ada Lovelace' });
    expect(playCue).toHaveBeenCalledTimes(1);

    // The same badge again later is a new check-in (a new moment), shown and sounded again.
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    act(() => kiosk.emit('checkin', { ...ada, at: '2026-11-21T10:05:00.000Z', repeat: true }));
    screen.getByRole('heading', { name: 'Welcome, Ada Lovelace' });
    expect(playCue).toHaveBeenCalledTimes(2);
  });
});

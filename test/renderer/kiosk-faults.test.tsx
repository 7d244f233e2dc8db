// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decision } from '../fixtures/fake-kiosk';
import { startKiosk } from './staff-session';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('when things go wrong at the kiosk', () => {
  it('a double tap on Check in checks the badge in once', async () => {
    const kiosk = await startKiosk();
    let answer!: (result: ReturnType<typeof decision>) => void;
    kiosk.api.checkin.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    fireEvent.click(screen.getByRole('button', { name: 'Type my badge number' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Badge number' }), { target: { value: 'CC-0001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check in' }));
    fireEvent.click(screen.getByRole('button', { name: 'Check in' }));
    expect(kiosk.api.checkin).toHaveBeenCalledTimes(1);
    await act(async () => answer(decision()));
    await screen.findByRole('heading', { name: 'Welcome, Ada Lovelace' });
  });

  it('a badge typed while the service cannot be reached says so in the visitor’s language', async () => {
    const kiosk = await startKiosk();
    kiosk.api.checkin.mockRejectedValueOnce(Object.assign(new Error('the kiosk service cannot be reached'), { code: 'offline' }));
    fireEvent.click(screen.getByRole('button', { name: 'Deutsch' }));
    fireEvent.click(screen.getByRole('button', { name: 'Badge-Nummer eintippen' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Badge-Nummer' }), { target: { value: 'CC-0001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Einchecken' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Das Terminal erreicht seinen Dienst gerade nicht. Bitte fragen Sie am Empfang.');
  });

  it('the guest form checks the email in the visitor’s language', async () => {
    const kiosk = await startKiosk();
    fireEvent.click(screen.getByRole('button', { name: 'I’m a guest' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Your name' }), { target: { value: 'Jo Bloggs' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Email (optional)' }), { target: { value: 'x@@y' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check in · €15.00' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That email address does not look right: please check it, or leave it empty.');
    expect(kiosk.api.sellDayPass).not.toHaveBeenCalled();
  });
});

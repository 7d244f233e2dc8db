// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decision, harbourInfo } from '../fixtures/fake-kiosk';
import { startKiosk } from './staff-session';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('welcome screen', () => {
  it('shows the space, the prompt, the guest button and the languages', async () => {
    await startKiosk();
    screen.getByText('Lisbon');
    screen.getByText('Tap your badge or scan your pass');
    screen.getByRole('button', { name: 'I’m a guest' });
    const languages = screen.getByRole('navigation', { name: 'Language' });
    expect(
      within(languages)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['English', 'Français', 'Deutsch', 'Español']);
  });

  it('has no guest button where the space sells no day pass', async () => {
    await startKiosk({ ...harbourInfo, dayPass: null });
    expect(screen.queryByRole('button', { name: 'I’m a guest' })).toBeNull();
  });

  it('reports a reader that went away, discreetly', async () => {
    const kiosk = await startKiosk();
    act(() =>
      kiosk.emit('readerStatus', { readerId: 'front', state: 'connected', detail: '', reason: { state: 'listening', device: '/dev/ttyUSB0' }, badFrames: 0 }),
    );
    screen.getByText('Badge reader ready');
    act(() =>
      kiosk.emit('readerStatus', {
        readerId: 'front',
        state: 'disconnected',
        detail: 'gone',
        reason: { state: 'went_away', device: '/dev/ttyUSB0' },
        badFrames: 0,
      }),
    );
    screen.getByText('Badge reader not connected: please ask at the desk');
  });

  it('switches language, and goes back to the kiosk’s own language for the next visitor', async () => {
    const kiosk = await startKiosk();
    fireEvent.click(screen.getByRole('button', { name: 'Français' }));
    screen.getByText('Présentez votre badge ou scannez votre pass');
    expect(document.documentElement.lang).toBe('fr');
    act(() => kiosk.emit('checkin', decision()));
    screen.getByRole('heading', { name: 'Bienvenue, Ada Lovelace' });
    fireEvent.click(screen.getByRole('button', { name: 'Terminé' }));
    screen.getByText('Tap your badge or scan your pass');
  });
});

describe('returning to the welcome screen by itself', () => {
  it('after the idle time, from a result and from a half-filled form', async () => {
    const kiosk = await startKiosk({ ...harbourInfo, idleSeconds: 8 });
    vi.useFakeTimers();
    act(() => kiosk.emit('checkin', decision()));
    act(() => vi.advanceTimersByTime(7_900));
    screen.getByRole('heading', { name: 'Welcome, Ada Lovelace' });
    act(() => vi.advanceTimersByTime(200));
    screen.getByText('Tap your badge or scan your pass');

    fireEvent.click(screen.getByRole('button', { name: 'I’m a guest' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Your name' }), { target: { value: 'Half a na' } });
    act(() => vi.advanceTimersByTime(8_100));
    screen.getByText('Tap your badge or scan your pass');
    fireEvent.click(screen.getByRole('button', { name: 'I’m a guest' }));
    expect((screen.getByRole('textbox', { name: 'Your name' }) as HTMLInputElement).value).toBe('');
  });

  it('a tap that replaces a result on the screen gets the whole idle time, as the first did', async () => {
    const kiosk = await startKiosk({ ...harbourInfo, idleSeconds: 8 });
    vi.useFakeTimers();
    act(() => kiosk.emit('checkin', decision()));
    act(() => vi.advanceTimersByTime(7_000));
    const grace = { id: 'cc-2', name: 'Grace Hopper', space: 'cedar', spaceName: 'Cedar Commons' };
    act(() => kiosk.emit('checkin', decision({ visitId: 8, member: grace, credential: { kind: 'rfid', value: '0F00A1B2C4' } })));
    act(() => vi.advanceTimersByTime(7_900));
    screen.getByRole('heading', { name: 'Welcome, Grace Hopper' });
    act(() => vi.advanceTimersByTime(200));
    screen.getByText('Tap your badge or scan your pass');
  });

  it('a badge still printing keeps its screen until the news comes, within the printer’s timeout; the news gets the whole idle time', async () => {
    const kiosk = await startKiosk({ ...harbourInfo, idleSeconds: 8, printTimeoutSeconds: 30 });
    vi.useFakeTimers();
    act(() => kiosk.emit('checkin', decision({ badge: 'pending' })));
    act(() => vi.advanceTimersByTime(20_000));
    screen.getByText('Your badge is being printed…');
    act(() => kiosk.emit('badgeStatus', { visitId: 7, status: 'failed', detail: 'the printer is gone', reason: null }));
    screen.getByText('Your badge could not be printed: please ask at the front desk for it.');
    act(() => vi.advanceTimersByTime(7_900));
    screen.getByRole('heading', { name: 'Welcome, Ada Lovelace' });
    act(() => vi.advanceTimersByTime(200));
    screen.getByText('Tap your badge or scan your pass');

    // No news at all (the service gone quiet): the screen still returns, once the printer's timeout has passed.
    const grace = { id: 'cc-2', name: 'Grace Hopper', space: 'cedar', spaceName: 'Cedar Commons' };
    act(() => kiosk.emit('checkin', decision({ visitId: 9, badge: 'pending', member: grace, credential: { kind: 'rfid', value: '0F00A1B2C4' } })));
    act(() => vi.advanceTimersByTime(1_000));
    screen.getByRole('heading', { name: 'Welcome, Grace Hopper' });
    act(() => vi.advanceTimersByTime(33_900));
    screen.getByText('Your badge is being printed…');
    act(() => vi.advanceTimersByTime(200));
    screen.getByText('Tap your badge or scan your pass');
  });

  it('a language chosen on the welcome screen by someone who walked away goes back to the kiosk’s own', async () => {
    await startKiosk({ ...harbourInfo, idleSeconds: 8 });
    vi.useFakeTimers();
    fireEvent.click(screen.getByRole('button', { name: 'Deutsch' }));
    screen.getByRole('button', { name: 'Badge-Nummer eintippen' });
    act(() => vi.advanceTimersByTime(8_100));
    screen.getByText('Tap your badge or scan your pass');
  });
});

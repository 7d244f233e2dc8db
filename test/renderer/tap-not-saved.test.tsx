// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TapNotSaved } from '../../core/api/checkin';
import { decision, harbourInfo } from '../fixtures/fake-kiosk';
import { openPage, signInAs, startKiosk } from './staff-session';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const busy: TapNotSaved = {
  at: '2026-11-21T10:00:00.000Z',
  readerId: 'desk',
  reason: 'busy',
  message: 'the check-in was not saved: the database is locked by another program (waited 2 s); try again',
};

describe('a reader’s tap the kiosk could not save', () => {
  it('tells the visitor in plain words, as an alert, with a way to call staff', async () => {
    const kiosk = await startKiosk();
    act(() => kiosk.emit('tapNotSaved', busy));
    const alert = screen.getByRole('alert');
    within(alert).getByRole('heading', { name: 'Your tap could not be saved.' });
    within(alert).getByText('Please tap again or ask at the front desk.');
    // Nothing technical on the visitor's screen.
    expect(screen.queryByText(/database|locked|disk/i)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Call staff' }));
    expect(kiosk.api.callStaff).toHaveBeenCalledWith({});
    await screen.findByRole('heading', { name: 'Someone from the front desk is on their way.' });
  });

  it('goes back to the welcome screen by itself after the idle time; a tap that is saved then shows as usual', async () => {
    const kiosk = await startKiosk({ ...harbourInfo, idleSeconds: 8 });
    vi.useFakeTimers();
    act(() => kiosk.emit('tapNotSaved', { ...busy, reason: 'full', message: 'the check-in was not saved: the disk is full' }));
    screen.getByRole('heading', { name: 'Your tap could not be saved.' });
    act(() => vi.advanceTimersByTime(7_900));
    screen.getByRole('heading', { name: 'Your tap could not be saved.' });
    act(() => vi.advanceTimersByTime(200));
    expect(screen.queryByRole('alert')).toBeNull();
    screen.getByText('Tap your badge or scan your pass');
    act(() => kiosk.emit('checkin', decision()));
    screen.getByRole('heading', { name: 'Welcome, Ada Lovelace' });
  });

  it('a badge typed while the database cannot save gets the same screen, not a generic error', async () => {
    const kiosk = await startKiosk();
    kiosk.api.checkin.mockRejectedValueOnce(Object.assign(new Error(busy.message), { code: 'not_saved' }));
    fireEvent.click(screen.getByRole('button', { name: 'Type my badge number' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Badge number' }), { target: { value: 'CC-0001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check in' }));
    await screen.findByRole('heading', { name: 'Your tap could not be saved.' });
    expect(screen.queryByText(/database|locked/i)).toBeNull();
    // Any other refusal still leaves the visitor on the typing screen with the general message.
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    kiosk.api.checkin.mockRejectedValueOnce(Object.assign(new Error('unreadable credential'), { code: 'invalid' }));
    fireEvent.click(screen.getByRole('button', { name: 'Type my badge number' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Badge number' }), { target: { value: '??' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check in' }));
    await screen.findByRole('textbox', { name: 'Badge number' });
    expect(screen.queryByRole('heading', { name: 'Your tap could not be saved.' })).toBeNull();
  });

  it('Done goes back to the welcome screen at once', async () => {
    const kiosk = await startKiosk();
    act(() => kiosk.emit('tapNotSaved', busy));
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    screen.getByText('Tap your badge or scan your pass');
  });

  it.each([
    [
      'Français',
      'Votre passage de badge n’a pas pu être enregistré.',
      'Veuillez présenter à nouveau votre badge ou demander à l’accueil.',
      'Appeler l’accueil',
    ],
    [
      'Deutsch',
      'Ihr Check-in konnte nicht gespeichert werden.',
      'Bitte halten Sie Ihren Badge noch einmal an das Lesegerät oder fragen Sie am Empfang.',
      'Empfang rufen',
    ],
    ['Español', 'No se pudo guardar su registro.', 'Acerque de nuevo su tarjeta o pregunte en recepción.', 'Llamar a recepción'],
  ])('in %s too', async (language, heading, next, callStaff) => {
    const kiosk = await startKiosk();
    fireEvent.click(screen.getByRole('button', { name: language }));
    act(() => kiosk.emit('tapNotSaved', busy));
    const alert = screen.getByRole('alert');
    within(alert).getByRole('heading', { name: heading });
    within(alert).getByText(next);
    screen.getByRole('button', { name: callStaff });
  });

  it('does not take over staff mode: the front desk sees a banner saying why, on any page, until dismissed', async () => {
    const kiosk = await signInAs('staff');
    openPage('Devices');
    act(() => kiosk.emit('tapNotSaved', busy));
    expect(screen.queryByRole('heading', { name: 'Your tap could not be saved.' })).toBeNull();
    const banner = screen.getByRole('alert');
    within(banner).getByRole('heading', { name: 'A badge tap at reader desk was not saved' });
    within(banner).getByText('The database is locked by another program: nothing was saved. · The visitor was asked to tap again. · At 10:00');
    screen.getByRole('heading', { name: 'Staff mode · Rosa Díaz' });
    act(() =>
      kiosk.emit('tapNotSaved', {
        ...busy,
        reason: 'other',
        message: "this kiosk's space is not set: run `visa-kiosk config set space.id SPACE_ID`",
        detail: { what: 'space_not_set' },
      }),
    );
    within(screen.getByRole('alert')).getByText(/^This kiosk’s space is not set: a manager sets it in the settings\./);
    expect(screen.queryByText(/visa-kiosk config/)).toBeNull();
    fireEvent.click(within(screen.getByRole('alert')).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

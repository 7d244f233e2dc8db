// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { harbourInfo } from '../fixtures/fake-kiosk';
import { startKiosk } from './staff-session';

afterEach(cleanup);

/** A German kiosk asked to leave kiosk mode, a manager's PIN typed on its pad. */
async function leaveWithPin(failure: Error) {
  const kiosk = await startKiosk({ ...harbourInfo, language: 'de' });
  kiosk.shell.exitKiosk.mockRejectedValueOnce(failure);
  act(() => kiosk.requestExit());
  const pad = screen.getByRole('group', { name: 'Leitungs-PIN' });
  for (const d of '4821') fireEvent.click(within(pad).getByRole('button', { name: d }));
  fireEvent.click(within(pad).getByRole('button', { name: 'OK' }));
  return (await screen.findByRole('alert')).textContent;
}

describe('leaving kiosk mode on a German screen says what went wrong in German', () => {
  it('the screen must wait after wrong PINs, for as many seconds as the service says', async () => {
    // As electron/preload.ts hands the page the service's refusal (service/staff-access.ts).
    const wait = Object.assign(new Error('too many wrong PINs from this screen: wait 10 seconds before the next try'), {
      code: 'forbidden',
      retryAfterSeconds: 10,
    });
    expect(await leaveWithPin(wait)).toBe('Zu viele falsche PINs an diesem Bildschirm. Warten Sie 10 Sekunden und versuchen Sie es dann wieder.');
  });

  it('the try could not be recorded (the database locked by another program)', async () => {
    const notSaved = Object.assign(new Error('the exit was not saved: the database is locked by another program (waited 2 s); try again'), {
      code: 'not_saved',
    });
    expect(await leaveWithPin(notSaved)).toBe('Der Kiosk konnte diesen Versuch gerade nicht speichern. Bitte versuchen Sie es gleich noch einmal.');
  });
});

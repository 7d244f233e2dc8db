// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { harbourInfo } from '../fixtures/fake-kiosk';
import { startKiosk } from './staff-session';

afterEach(cleanup);

/** The service's refusals as they reach a screen (service/call-limits.ts, db/open.ts): English, with a code. */
const failure = (message: string, code: string) => Object.assign(new Error(message), { code });

/** A German kiosk: Staff button, then Rosa Díaz on the list, then a PIN on the pad. */
async function germanPinPad() {
  const kiosk = await startKiosk({ ...harbourInfo, language: 'de' });
  fireEvent.click(screen.getByRole('button', { name: 'Team' }));
  fireEvent.click(within(await screen.findByRole('list', { name: 'Teammitglieder' })).getByRole('button', { name: 'Rosa Díaz' }));
  return kiosk;
}

function typePin(pin: string) {
  const pad = screen.getByRole('group', { name: 'Team-PIN' });
  for (const digit of pin) fireEvent.click(within(pad).getByRole('button', { name: digit }));
  fireEvent.click(within(pad).getByRole('button', { name: 'OK' }));
}

describe('staff sign-in on a German screen says what went wrong in German', () => {
  it('too many taps', async () => {
    const kiosk = await germanPinPad();
    kiosk.api.signIn.mockRejectedValueOnce(failure('too many taps: wait a moment, then tap again', 'rate_limited'));
    typePin('2468');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Zu viele Versuche auf einmal: Bitte warten Sie einen Moment und versuchen Sie es dann erneut.',
    );
  });

  it('a sign-in the database could not record (locked by another program)', async () => {
    const kiosk = await germanPinPad();
    kiosk.api.signIn.mockRejectedValueOnce(
      failure('the sign-in was not saved: the database is locked by another program (waited 2 s); try again', 'not_saved'),
    );
    typePin('2468');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Der Kiosk konnte diese Anmeldung gerade nicht speichern. Bitte versuchen Sie es gleich noch einmal.',
    );
  });

  it('the service out of reach', async () => {
    const kiosk = await germanPinPad();
    kiosk.api.signIn.mockRejectedValueOnce(failure('the kiosk service is not reachable', 'offline'));
    typePin('2468');
    expect((await screen.findByRole('alert')).textContent).toBe('Das Terminal erreicht seinen Dienst gerade nicht. Bitte fragen Sie am Empfang.');
  });

  it('a list of names the database could not read', async () => {
    const kiosk = await startKiosk({ ...harbourInfo, language: 'de' });
    kiosk.api.staffNames.mockRejectedValueOnce(failure('the database is busy: another program has held it locked for more than 2 s; try again', 'refused'));
    fireEvent.click(screen.getByRole('button', { name: 'Team' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Die Namen des Teams konnten gerade nicht geladen werden. Bitte versuchen Sie es gleich noch einmal.',
    );
  });
});
